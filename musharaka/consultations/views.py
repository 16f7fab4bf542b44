"""Public consultation pages: the overview with the forward calendar, an agency's consultations,
the consultation page (the draft with comment counts per article) and the article page with its
comments. Reading needs no account. Top-level comments post to ``comment_post`` (it adds the
stance); replies, endorsements, reports, edits and withdrawals use the participation views.
"""

import dataclasses
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from musharaka.consultations import comments, selectors
from musharaka.consultations.forms import CommentForm
from musharaka.consultations.models import Consultation, Node, Phase, Stance
from musharaka.core import pagecache
from musharaka.core.middleware import client_ip
from musharaka.core.models import Agency
from musharaka.core.selectors import public_agency
from musharaka.participation.cache import space_generation
from musharaka.participation.forms import target_token
from musharaka.participation.models import Status
from musharaka.participation.selectors import current_rules, rules_accepted_on_form, space_for
from musharaka.participation.templatetags.comments import PAGE_PARAM, SORT_PARAM, thread_context

STANCE_PARAM = "stance"
_FORM_FIELDS = {"body", "stance", "amendment", "node", "on_behalf_of", "accept_rules"}
# Anonymous readers' pages and everyone's counts are cached under the space's generation (bumped
# by every write that changes what readers see); the timeout only bounds what no write bumps (a
# renamed author).
FRAGMENT_TIMEOUT = 600
_CACHE_VERSION = 1
_THREAD_PARAMS = {STANCE_PARAM, PAGE_PARAM, SORT_PARAM}


@require_safe
def consultation_index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "consultations/public/index.html",
        {"agency": None, **selectors.consultations_index()},
    )


@require_safe
def agency_consultations(request: HttpRequest, agency_slug: str) -> HttpResponse:
    agency = public_agency(slug=agency_slug)
    return render(
        request,
        "consultations/public/index.html",
        {"agency": agency, **selectors.consultations_index(agency=agency)},
    )


def _page_url(consultation: Consultation, node: Node | None = None) -> str:
    args = [consultation.agency.slug, consultation.slug]
    if node is None:
        return reverse("consultations:detail", args=args)
    return reverse("consultations:article", args=[*args, node.key])


def _thread(request: HttpRequest, consultation: Consultation, space, node: Node | None) -> dict:
    """One page of the comments (on the article, or on the whole draft), optionally of one
    stance, with each comment's stance, proposed text and answer beside it."""
    if space is None:
        return {}
    stance = request.GET.get(STANCE_PARAM, "")
    stance = stance if stance in Stance.values else ""
    where = selectors.thread_where(
        consultation=consultation, article_key=node.key if node is not None else None, stance=stance
    )
    space.agency = consultation.agency
    ctx = thread_context(request, space=space, where=where)
    if node is not None and consultation.phase == Phase.OPEN:
        ctx["target_token"] = target_token(node)  # replies stay on the article
    found = selectors.comments_for(contribution_ids=[c.pk for c in ctx["page"].object_list])
    for c in ctx["page"].object_list:
        c.consultation_comment_row = found.get(c.pk)
    params = request.GET.copy()
    params.pop("comments_page", None)
    filters = []
    for value, label in [("", _("All positions")), *Stance.choices]:
        params[STANCE_PARAM] = value
        if not value:
            params.pop(STANCE_PARAM)
        filters.append((value, label, "?" + params.urlencode(), value == stance))
    ctx["stance_filters"] = filters
    ctx["stance"] = stance
    return ctx


def _render_page(
    request: HttpRequest,
    consultation: Consultation,
    node: Node | None,
    *,
    form_state: dict | None = None,
    status: int = 200,
    space=None,
    extra_context: dict | None = None,
) -> HttpResponse:
    form_state = form_state or {"data": {}, "errors": {}}
    if "__all__" in form_state["errors"]:  # templates cannot read names starting with "_"
        form_state["errors"]["all"] = form_state["errors"].pop("__all__")
    version = selectors.published_version(consultation=consultation)
    space = space or space_for(owner=consultation)
    generation = space_generation(space_id=space.pk) if space is not None else None
    counts, page_counts = _counts(consultation, node, generation)
    representations = comments.confirmed_representations(user=request.user)
    thread = _thread(request, consultation, space, node)
    rules = thread.get("rules") if "rules" in thread else current_rules(agency=consultation.agency)
    context = {
        "agency": consultation.agency,
        "consultation": consultation,
        "title": consultation.local("title"),
        "summary": consultation.local("summary"),
        "version": version,
        "node": node,
        "counts": page_counts,
        "thread": thread,
        "space": space,
        "is_open": consultation.phase == Phase.OPEN and space is not None and space.is_open,
        "stances": Stance.choices,
        "amend": Stance.AMEND,
        "agencies_represented": [r.agency for r in representations if r.agency_id],
        "form_state": form_state,
        "rules": rules,
        "page_updated": consultation.updated_at,
        **(extra_context or {}),
    }
    if node is None:
        context["tree"] = (
            selectors.text_tree(version=version, counts=counts) if version is not None else []
        )
        context["timeline"] = selectors.timeline(consultation=consultation)
        context["attachments"] = selectors.attachments(consultation=consultation)
        context["phases"] = Phase
        template = "consultations/public/detail.html"
    else:
        node.comment_count = counts.get(node.key, 0)
        context["children"] = selectors.article_children(node=node)
        template = "consultations/public/article.html"
    return render(request, template, context, status=status)


def _counts(consultation: Consultation, node: Node | None, generation: str | None):
    """Published comments per article and the page's counts by type and stance: the same for
    every reader, so cached for all under the space's generation."""
    key = None
    if generation is not None:
        key = (
            f"consultations:counts:v{_CACHE_VERSION}:{consultation.pk}:{generation}:"
            f"{node.key if node is not None else '-'}:{consultation.audience}:"
            f"{translation.get_language()}"
        )
        found = cache.get(key)
        if found is not None:
            return found
    per_article, page_counts = selectors.public_counts(
        consultation=consultation, article_key=node.key if node is not None else None
    )
    # Plain strings in the reader's language: lazy labels are slow to unpickle.
    page_counts = dataclasses.replace(
        page_counts,
        by_type=[(str(label), n) for label, n in page_counts.by_type],
        by_stance=[(value, str(label), n) for value, label, n in page_counts.by_stance],
    )
    found = (per_article, page_counts)
    if key is not None:
        cache.set(key, found, FRAGMENT_TIMEOUT)
    return found


def _reader_page(
    request: HttpRequest, consultation: Consultation, find_node: Callable[[], Node | None]
) -> HttpResponse:
    """The consultation or article page as readers see it. Anonymous readers share one cached
    copy per space generation (bumped by every comment, answer and moderation decision) and
    consultation change (phase, version, edits), so no reader sees stale comments."""
    space = space_for(owner=consultation)
    if space is None or not set(request.GET) <= _THREAD_PARAMS:
        return _render_page(request, consultation, find_node(), space=space)
    parts = [
        consultation.pk,
        consultation.updated_at,
        consultation.phase,
        consultation.current_version_id,
        consultation.audience,
        space.pk,
        space.is_open,
        space.moderation,
        space_generation(space_id=space.pk),
    ]
    return pagecache.anonymous_page(
        request,
        parts,
        lambda extra: _render_page(
            request, consultation, find_node(), space=space, extra_context=extra
        ),
        timeout=FRAGMENT_TIMEOUT,
    )


@require_safe
def consultation_detail(request: HttpRequest, agency_slug: str, slug: str) -> HttpResponse:
    consultation = selectors.public_consultation(agency_slug=agency_slug, slug=slug)
    return _reader_page(request, consultation, lambda: None)


@require_safe
def article_detail(request: HttpRequest, agency_slug: str, slug: str, key) -> HttpResponse:
    consultation = selectors.public_consultation(agency_slug=agency_slug, slug=slug)
    return _reader_page(
        request, consultation, lambda: selectors.current_article(consultation=consultation, key=key)
    )


def _service_errors(error: ValidationError) -> dict[str, list[str]]:
    if not hasattr(error, "error_dict"):
        return {"body": list(error.messages)}
    errors: dict[str, list[str]] = {}
    for name, texts in error.message_dict.items():
        errors.setdefault(name if name in _FORM_FIELDS else "body", []).extend(texts)
    return errors


@require_POST
def comment_post(request: HttpRequest, agency_slug: str, slug: str) -> HttpResponse:
    """A top-level comment with its stance. Refusals come back on the page with the text kept
    and the reason beside the field it concerns (400 for bad input, 403 for not allowed)."""
    consultation = selectors.public_consultation(agency_slug=agency_slug, slug=slug)
    form = CommentForm(request.POST)
    key = request.POST.get("node") or ""
    node = None
    if key:
        try:
            node = selectors.current_article(consultation=consultation, key=key)
        except (Http404, ValidationError):
            # An article of an older version (or an unknown one): the service says why.
            node = selectors.article_in_any_version(consultation=consultation, key=key)
            if node is None:
                raise Http404 from None
    page_node = node if node is not None and _is_current(consultation, node) else None
    back = _page_url(consultation, page_node)
    if not request.user.is_authenticated:
        return redirect_to_login(back + "#comment-form")
    state = {
        "data": {
            "body": request.POST.get("body", ""),
            "stance": request.POST.get("stance", ""),
            "amendment": request.POST.get("amendment", ""),
            "on_behalf_of": request.POST.get("on_behalf_of", ""),
            "accept_rules": bool(request.POST.get("accept_rules")),
        },
        "errors": {},
    }
    if not form.is_valid():
        state["errors"] = {
            (name if name in _FORM_FIELDS else "__all__"): list(texts)
            for name, texts in form.errors.items()
        }
        return _render_page(request, consultation, page_node, form_state=state, status=400)
    on_behalf_of = None
    if form.cleaned_data["on_behalf_of"]:
        on_behalf_of = Agency.objects.filter(pk=form.cleaned_data["on_behalf_of"]).first()
        if on_behalf_of is None:
            state["errors"] = {"on_behalf_of": [_("Choose an agency from the list.")]}
            return _render_page(request, consultation, page_node, form_state=state, status=400)
    accepted = rules_accepted_on_form(
        agency=consultation.agency,
        ticked=form.cleaned_data["accept_rules"],
        version_id=form.cleaned_data["rules_version"],
    )
    try:
        comment = comments.comment_submit(
            actor=request.user,
            consultation=consultation,
            body=form.cleaned_data["body"],
            stance=form.cleaned_data["stance"],
            node=node,
            amendment=form.cleaned_data["amendment"],
            on_behalf_of=on_behalf_of,
            accepted_rules=accepted,
            ip=client_ip(request),
        )
    except ValidationError as error:
        state["errors"] = _service_errors(error)
        return _render_page(request, consultation, page_node, form_state=state, status=400)
    except PermissionDenied as error:
        state["errors"] = {"__all__": [str(error) or _("You cannot do this.")]}
        return _render_page(request, consultation, page_node, form_state=state, status=403)
    contribution = comment.contribution
    if contribution.status == Status.PUBLISHED:
        messages.success(request, _("Your comment is published."))
    else:
        messages.info(
            request,
            _("Your comment was received. A moderator will review it before it is public."),
        )
        for finding in comment.new_findings:
            if finding.message:
                messages.warning(request, str(finding.message))
    return redirect(f"{back}#c{contribution.pk}")


def _is_current(consultation: Consultation, node: Node) -> bool:
    version = selectors.published_version(consultation=consultation)
    return version is not None and node.version_id == version.pk


@require_safe
def attachment_download(
    request: HttpRequest, agency_slug: str, slug: str, attachment: int
) -> HttpResponse:
    """Always a download with the type detected at upload, never rendered in the browser."""
    consultation = selectors.public_consultation(agency_slug=agency_slug, slug=slug)
    found = selectors.public_attachment(consultation=consultation, pk=attachment)
    return attachment_response(found)


def attachment_response(found) -> FileResponse:
    extension = found.file.name.rsplit(".", 1)[-1].lower()
    try:
        handle = found.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{slugify(found.title) or 'attachment'}.{extension}",
        content_type=found.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
