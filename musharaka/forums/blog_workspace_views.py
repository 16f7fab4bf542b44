"""The agency's blog in the staff workspace, ``/workspace/<agency>/blog/``.

Writing (posts, images, categories) needs ``content.edit``; publishing, scheduling and
unpublishing ``content.publish``. Each view fetches the agency through ``workspace_for`` (404 for
other agencies' staff, 403 for roles without the action) and calls one service; the services'
reasons come back beside the fields, with what was typed, and a 400.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from musharaka.core.models import Agency
from musharaka.core.workspace_forms import add_service_errors
from musharaka.core.workspace_views import workspace_for
from musharaka.forums import blog_selectors, services
from musharaka.forums.blog_forms import (
    CategoryAddForm,
    CategoryForm,
    PostForm,
    PostImageForm,
    ScheduleForm,
)
from musharaka.forums.blog_views import post_page_context
from musharaka.forums.models import Post

PAGE_SIZE = 30
POST_FIELDS = (
    "title_ar",
    "title_en",
    "summary_ar",
    "summary_en",
    "body_ar",
    "body_en",
    "comments_open",
    "related_consultation",
    "related_poll",
)


@login_required
@require_safe
def post_list(request: HttpRequest, agency: str) -> HttpResponse:
    agency_obj = workspace_for(request, agency, "content.edit")
    page = Paginator(blog_selectors.workspace_posts(agency=agency_obj), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "forums/blog/workspace/list.html",
        {"agency": agency_obj, "page": page, "now": timezone.now()},
    )


def _edit_page(
    request: HttpRequest,
    agency: Agency,
    post: Post | None,
    *,
    form: PostForm | None = None,
    image_form: PostImageForm | None = None,
    schedule_form: ScheduleForm | None = None,
    status: int = 200,
) -> HttpResponse:
    if form is None:
        initial = {"comments_open": True}
        if post is not None:
            initial = {name: getattr(post, name) for name in POST_FIELDS}
            initial["categories"] = list(post.categories.all())
        form = PostForm(initial=initial, agency=agency)
    if schedule_form is None and post is not None and post.published_at:
        schedule_form = ScheduleForm(
            initial={"at": timezone.localtime(post.published_at)} if not post.is_published else {}
        )
    return render(
        request,
        "forums/blog/workspace/form.html",
        {
            "agency": agency,
            "post": post,
            "form": form,
            "images": blog_selectors.post_images_placed(post),
            "image_form": image_form or PostImageForm(),
            "schedule_form": schedule_form or ScheduleForm(),
            "now": timezone.now(),
        },
        status=status,
    )


def _edit_url(agency: Agency, post: Post) -> str:
    return reverse("workspace:blog_post_edit", args=[agency.slug, post.pk])


def _save(request: HttpRequest, agency: Agency, post: Post | None) -> HttpResponse:
    form = PostForm(request.POST, agency=agency)
    if form.is_valid():
        data = {name: form.cleaned_data[name] for name in POST_FIELDS}
        try:
            saved = services.post_save(
                actor=request.user,
                agency=agency,
                post=post,
                data=data,
                categories=list(form.cleaned_data["categories"]),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The post was saved."))
            return redirect("workspace:blog_post_edit", agency=agency.slug, post=saved.pk)
    return _edit_page(request, agency, post, form=form, status=400)


@login_required
def post_create(request: HttpRequest, agency: str) -> HttpResponse:
    agency_obj = workspace_for(request, agency, "content.edit")
    if request.method != "POST":
        return _edit_page(request, agency_obj, None)
    return _save(request, agency_obj, None)


@login_required
def post_edit(request: HttpRequest, agency: str, post: int) -> HttpResponse:
    agency_obj = workspace_for(request, agency, "content.edit")
    found = blog_selectors.workspace_post(agency=agency_obj, pk=post)
    if request.method != "POST":
        return _edit_page(request, agency_obj, found)
    return _save(request, agency_obj, found)


@login_required
def post_image_add(request: HttpRequest, agency: str, post: int) -> HttpResponse:
    """Upload an image for the post; without a description it is refused, with the reason."""
    agency_obj = workspace_for(request, agency, "content.edit")
    found = blog_selectors.workspace_post(agency=agency_obj, pk=post)
    if request.method != "POST":
        return redirect(_edit_url(agency_obj, found) + "#images")
    form = PostImageForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            image = services.post_image_add(
                actor=request.user,
                post=found,
                upload=form.cleaned_data["file"],
                alt_ar=form.cleaned_data["alt_ar"],
                alt_en=form.cleaned_data["alt_en"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The image was added. Place it in the text with ![description](image:%(n)s).")
                % {"n": image.pk},
            )
            return redirect(_edit_url(agency_obj, found) + "#images")
    return _edit_page(request, agency_obj, found, image_form=form, status=400)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def post_image_remove(request: HttpRequest, agency: str, post: int, image: int) -> HttpResponse:
    """Remove an image: GET asks to confirm (saying where the text still places it), POST
    removes it, or is refused with the reason while the text places it."""
    agency_obj = workspace_for(request, agency, "content.edit")
    found = blog_selectors.workspace_post(agency=agency_obj, pk=post)
    image_obj = blog_selectors.workspace_post_image(post=found, pk=image)
    error = ""
    if request.method == "POST":
        try:
            services.post_image_remove(actor=request.user, image=image_obj)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(request, _("Image %(n)s was removed from the post.") % {"n": image})
            return redirect(_edit_url(agency_obj, found) + "#images")
    return render(
        request,
        "forums/blog/workspace/image_remove.html",
        {
            "agency": agency_obj,
            "post": found,
            "image": image_obj,
            "places": blog_selectors.image_places(found, image_obj.pk),
            "error": error,
        },
        status=400 if error else 200,
    )


@login_required
@require_POST
def post_publish(request: HttpRequest, agency: str, post: int) -> HttpResponse:
    """Publish now (``action=publish``), schedule (``action=schedule`` with ``at``, Riyadh
    time) or take the post back to draft (``action=unpublish``)."""
    agency_obj = workspace_for(request, agency, "content.publish")
    found = blog_selectors.workspace_post(agency=agency_obj, pk=post)
    action = request.POST.get("action")
    if action == "unpublish":
        services.post_unpublish(actor=request.user, post=found)
        messages.success(request, _("The post is a draft again: readers no longer see it."))
    elif action == "schedule":
        form = ScheduleForm(request.POST)
        if not form.is_valid():
            return _edit_page(request, agency_obj, found, schedule_form=form, status=400)
        services.post_publish(actor=request.user, post=found, at=form.cleaned_data["at"])
        messages.success(request, _("The post is scheduled."))
    elif action == "publish":
        services.post_publish(actor=request.user, post=found)
        messages.success(request, _("The post is published."))
    else:
        messages.error(request, _("Choose to publish, schedule or unpublish the post."))
        return _edit_page(request, agency_obj, found, status=400)
    return redirect("workspace:blog_post_edit", agency=agency_obj.slug, post=found.pk)


@login_required
@require_safe
def post_preview(request: HttpRequest, agency: str, post: int) -> HttpResponse:
    """The public page of the post, for its writers, whatever its state; marked "Preview"."""
    agency_obj = workspace_for(request, agency, "content.edit")
    found = blog_selectors.workspace_post(agency=agency_obj, pk=post)
    return render(request, "forums/blog/post.html", post_page_context(found, preview=True))


def _categories_page(
    request: HttpRequest,
    agency: Agency,
    *,
    add_form: CategoryAddForm | None = None,
    failed=None,
    failed_form: CategoryForm | None = None,
    status: int = 200,
) -> HttpResponse:
    rows = []
    for category in blog_selectors.agency_categories(agency=agency):
        if failed is not None and category.pk == failed.pk:
            form = failed_form
        else:
            form = CategoryForm(
                initial={"name_ar": category.name_ar, "name_en": category.name_en},
                prefix=f"c{category.pk}",
            )
        rows.append((category, form))
    return render(
        request,
        "forums/blog/workspace/categories.html",
        {"agency": agency, "rows": rows, "add_form": add_form or CategoryAddForm(prefix="new")},
        status=status,
    )


@login_required
def categories(request: HttpRequest, agency: str) -> HttpResponse:
    """Add, rename and remove the categories of the agency's blog (one form each, no script)."""
    agency_obj = workspace_for(request, agency, "content.edit")
    if request.method != "POST":
        return _categories_page(request, agency_obj)
    action = request.POST.get("action")
    if action == "add":
        form = CategoryAddForm(request.POST, prefix="new")
        if form.is_valid():
            try:
                services.category_save(
                    actor=request.user, agency=agency_obj, category=None, data=form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The category was added."))
                return redirect("workspace:blog_categories", agency=agency_obj.slug)
        return _categories_page(request, agency_obj, add_form=form, status=400)
    if action not in ("remove", "rename"):
        messages.error(request, _("Choose what to do with the category."))
        return _categories_page(request, agency_obj, status=400)
    raw = request.POST.get("category", "")
    category = blog_selectors.workspace_category(
        agency=agency_obj, pk=int(raw) if raw.isdigit() else 0
    )
    if action == "remove":
        services.category_remove(actor=request.user, category=category)
        messages.success(request, _("The category was removed; its posts stay."))
        return redirect("workspace:blog_categories", agency=agency_obj.slug)
    form = CategoryForm(request.POST, prefix=f"c{category.pk}")
    if form.is_valid():
        try:
            services.category_save(
                actor=request.user, agency=agency_obj, category=category, data=form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The category was renamed."))
            return redirect("workspace:blog_categories", agency=agency_obj.slug)
    return _categories_page(request, agency_obj, failed=category, failed_form=form, status=400)
