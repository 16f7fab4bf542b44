"""The agency's forums in the staff workspace, ``/workspace/<agency>/forums/``.

Each view fetches the agency through ``workspace_for`` (404 for other agencies' staff, 403 for
roles without ``content.edit``) and calls ``services.forum_save``, which decides (Arabic name,
unique address, platform-wide forums only for the programme office).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from musharaka.core.models import Agency, AgencyKind
from musharaka.core.workspace_forms import add_service_errors
from musharaka.core.workspace_views import workspace_for
from musharaka.forums import selectors, services
from musharaka.forums.forum_forms import CategoryFormSet, ForumForm, category_formset
from musharaka.forums.models import Forum

_FORM_FIELDS = [*services.FORUM_FIELDS, *services.FORUM_FLAGS]


@login_required
@require_safe
def forum_list(request: HttpRequest, agency: str) -> HttpResponse:
    agency_obj = workspace_for(request, agency, "content.edit")
    return render(
        request,
        "forums/forum/workspace/list.html",
        {"agency": agency_obj, "forums": selectors.workspace_forums(agency=agency_obj)},
    )


def _summary(form: ForumForm, rows: CategoryFormSet) -> list[tuple[str, str]]:
    """Every problem of the page, each linked to its control."""
    found = [("", str(text)) for text in form.non_field_errors()]
    for name, texts in form.errors.items():
        if name != "__all__":
            anchor = form[name].id_for_label or f"id_{name}"
            found += [(anchor, str(text)) for text in texts]
    found += [("categories-heading", str(text)) for text in rows.non_form_errors()]
    for row in rows.forms:
        for name, texts in row.errors.items():
            anchor = row[name].id_for_label if name in row.fields else "categories-heading"
            found += [(anchor, str(text)) for text in texts]
    return found


def _form_page(
    request: HttpRequest,
    agency: Agency,
    form: ForumForm,
    rows: CategoryFormSet,
    forum: Forum | None,
    *,
    status: int = 200,
) -> HttpResponse:
    may_be_platform_wide = (
        agency.kind == AgencyKind.PROGRAMME
        or request.user.is_superuser
        or (forum is not None and forum.platform_wide)
    )
    return render(
        request,
        "forums/forum/workspace/form.html",
        {
            "agency": agency,
            "form": form,
            "rows": rows,
            "forum": forum,
            "summary": _summary(form, rows) if status >= 400 else [],
            "may_be_platform_wide": may_be_platform_wide,
        },
        status=status,
    )


def _save(request: HttpRequest, agency: Agency, forum: Forum | None) -> HttpResponse:
    form = ForumForm(request.POST)
    categories = selectors.forum_categories(forum=forum) if forum is not None else []
    rows = category_formset(request.POST, categories)
    if form.is_valid() and rows.is_valid():
        try:
            saved = services.forum_save(
                actor=request.user,
                agency=agency,
                forum=forum,
                data=form.cleaned_data,
                categories=rows.rows(),
            )
        except ValidationError as error:
            add_service_errors(form, error)  # a "categories" problem shows above the form
        else:
            messages.success(request, _("The forum was saved."))
            return redirect("workspace:forum_edit", agency=agency.slug, forum=saved.pk)
    return _form_page(request, agency, form, rows, forum, status=400)


@login_required
def forum_create(request: HttpRequest, agency: str) -> HttpResponse:
    agency_obj = workspace_for(request, agency, "content.edit")
    if request.method != "POST":
        return _form_page(request, agency_obj, ForumForm(), category_formset(), None)
    return _save(request, agency_obj, None)


@login_required
def forum_edit(request: HttpRequest, agency: str, forum: int) -> HttpResponse:
    agency_obj = workspace_for(request, agency, "content.edit")
    found = selectors.workspace_forum(agency=agency_obj, pk=forum)
    if request.method != "POST":
        form = ForumForm(initial={name: getattr(found, name) for name in _FORM_FIELDS})
        rows = category_formset(categories=selectors.forum_categories(forum=found))
        return _form_page(request, agency_obj, form, rows, found)
    return _save(request, agency_obj, found)
