"""Pages for the text of a draft.

Workspace (``/workspace/<agency>/consultations/<id>/text/...``): the versions and the outline of
one, importing a file (and the English text of a version from another file), editing, adding,
moving (among neighbours or into another chapter) and removing chapters and articles, publishing
a version, comparing any two versions. Each view fetches the agency with ``workspace_for`` (404 for
other agencies' staff, 403 without ``content.edit`` / ``content.publish``) and calls one service.

Public (``/consultations/<agency>/<slug>/versions/...``): the published versions and the
word-level comparison between any two of them.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from musharaka.consultations import selectors, texts
from musharaka.consultations.diff import version_diff
from musharaka.consultations.models import Consultation, NodeKind, Version
from musharaka.consultations.text_forms import (
    EnglishImportForm,
    MoveForm,
    NodeAddForm,
    NodeForm,
    NodeMoveToForm,
    TextImportForm,
    VersionPublishForm,
)
from musharaka.core.workspace_forms import add_service_errors
from musharaka.core.workspace_views import workspace_for


def _consultation(request: HttpRequest, agency: str, pk: int, action: str = "content.edit"):
    agency_obj = workspace_for(request, agency, action)
    return agency_obj, selectors.workspace_consultation(agency=agency_obj, pk=pk)


def _text_url(consultation: Consultation, version: Version | None = None) -> str:
    url = reverse(
        "workspace:consultation_text",
        kwargs={"agency": consultation.agency.slug, "consultation": consultation.pk},
    )
    return f"{url}?version={version.number}" if version is not None else url


def _show_errors(request: HttpRequest, error: ValidationError) -> None:
    for text in error.messages:
        messages.error(request, text)


@login_required
@require_safe
def consultation_text(request: HttpRequest, agency: str, consultation: int) -> HttpResponse:
    agency_obj, found = _consultation(request, agency, consultation)
    versions = selectors.text_versions(consultation=found)
    version = None
    wanted = request.GET.get("version", "")
    if wanted.isdigit():
        version = next((v for v in versions if v.number == int(wanted)), None)
    if version is None and versions:
        version = versions[0]
    earlier = [v for v in versions if version is not None and v.number < version.number]
    nodes = selectors.text_outline(version=version) if version else []
    return render(
        request,
        "consultations/texts/workspace_text.html",
        {
            "agency": agency_obj,
            "consultation": found,
            "versions": versions,
            "version": version,
            "nodes": nodes,
            "out_of_order": selectors.articles_out_of_order(nodes),
            "compare_with": earlier[0] if earlier else None,
        },
    )


@login_required
def consultation_import(request: HttpRequest, agency: str, consultation: int) -> HttpResponse:
    agency_obj, found = _consultation(request, agency, consultation)
    form = TextImportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                version = texts.text_import(
                    actor=request.user,
                    consultation=found,
                    filename=upload.name,
                    data=_read_upload(upload),
                )
            except ValidationError as error:
                form.add_error("file", error.messages)
            else:
                messages.success(
                    request,
                    _("Version %(number)s was created from the file. Check it before publishing.")
                    % {"number": version.number},
                )
                return redirect(_text_url(found, version))
        status = 400
    return render(
        request,
        "consultations/texts/workspace_import.html",
        {"agency": agency_obj, "consultation": found, "form": form},
        status=status,
    )


@login_required
@require_POST
def consultation_version_copy(request: HttpRequest, agency: str, consultation: int) -> HttpResponse:
    _agency, found = _consultation(request, agency, consultation)
    try:
        version = texts.version_copy(actor=request.user, consultation=found)
    except ValidationError as error:
        _show_errors(request, error)
        return redirect(_text_url(found))
    messages.success(
        request, _("Version %(number)s was started as a copy.") % {"number": version.number}
    )
    return redirect(_text_url(found, version))


@login_required
@require_POST
def consultation_articles_renumber(
    request: HttpRequest, agency: str, consultation: int, version: int
) -> HttpResponse:
    _agency, found = _consultation(request, agency, consultation)
    version_obj = selectors.text_version(consultation=found, number=version)
    try:
        changed = texts.articles_renumber(actor=request.user, version=version_obj)
    except ValidationError as error:
        _show_errors(request, error)
    else:
        if changed:
            messages.success(
                request,
                ngettext(
                    "%(count)s article was numbered again.",
                    "%(count)s articles were numbered again.",
                    len(changed),
                )
                % {"count": len(changed)},
            )
        else:
            messages.info(request, _("The articles were already numbered in order."))
    return redirect(_text_url(found, version_obj))


def _read_upload(upload) -> bytes:
    """The uploaded text file, refused before it is read into memory when it is too large."""
    if upload.size > texts.MAX_IMPORT_BYTES:
        raise ValidationError(_("The file is larger than 2 MB."))
    return upload.read()


def _node_form_page(request, agency_obj, found, node, form, status=200) -> HttpResponse:
    return render(
        request,
        "consultations/texts/workspace_node.html",
        {
            "agency": agency_obj,
            "consultation": found,
            "version": node.version if node else form.version,
            "node": node,
            "form": form,
        },
        status=status,
    )


@login_required
def consultation_node_edit(
    request: HttpRequest, agency: str, consultation: int, node: int
) -> HttpResponse:
    agency_obj, found = _consultation(request, agency, consultation)
    item = selectors.text_node(consultation=found, pk=node)
    article = item.kind == NodeKind.ARTICLE
    earlier = selectors.earlier_articles(version=item.version) if article else []
    if request.method != "POST":
        initial = {
            "number": item.number,
            "same_as": str(item.key),
            **{f: getattr(item, f) for f in texts.NODE_TEXT_FIELDS},
        }
        form = NodeForm(initial=initial, article=article, earlier=earlier, current_key=item.key)
        return _node_form_page(request, agency_obj, found, item, form)
    form = NodeForm(request.POST, article=article, earlier=earlier, current_key=item.key)
    if form.is_valid():
        data = dict(form.cleaned_data)
        if data.get("same_as") == str(item.key):
            data.pop("same_as")
        try:
            texts.node_update(actor=request.user, node=item, data=data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The text was saved."))
            return redirect(_text_url(found, item.version))
    return _node_form_page(request, agency_obj, found, item, form, status=400)


@login_required
def consultation_node_add(
    request: HttpRequest, agency: str, consultation: int, version: int
) -> HttpResponse:
    agency_obj, found = _consultation(request, agency, consultation)
    version_obj = selectors.text_version(consultation=found, number=version)
    outline = selectors.text_outline(version=version_obj)
    chapters = [n for n in outline if n.kind == NodeKind.CHAPTER]
    earlier = selectors.earlier_articles(version=version_obj)
    by_pk = {n.pk: n for n in outline}
    if request.method != "POST":
        after = (
            by_pk.get(int(request.GET["after"])) if request.GET.get("after", "").isdigit() else None
        )
        initial = {"kind": NodeKind.ARTICLE}
        if after is not None:
            initial.update(after=after.pk, parent=after.parent_id)
        form = NodeAddForm(initial=initial, chapters=chapters, earlier=earlier)
        form.version = version_obj
        return _node_form_page(request, agency_obj, found, None, form)
    form = NodeAddForm(request.POST, chapters=chapters, earlier=earlier)
    form.version = version_obj
    if form.is_valid():
        data = dict(form.cleaned_data)
        kind = data.pop("kind")
        parent, after = by_pk.get(data.pop("parent")), by_pk.get(data.pop("after"))
        try:
            texts.node_add(
                actor=request.user,
                version=version_obj,
                kind=kind,
                data=data,
                parent=parent,
                after=after,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The new part was added."))
            return redirect(_text_url(found, version_obj))
    return _node_form_page(request, agency_obj, found, None, form, status=400)


@login_required
@require_POST
def consultation_node_remove(
    request: HttpRequest, agency: str, consultation: int, node: int
) -> HttpResponse:
    _agency, found = _consultation(request, agency, consultation)
    item = selectors.text_node(consultation=found, pk=node)
    try:
        texts.node_remove(actor=request.user, node=item)
    except ValidationError as error:
        _show_errors(request, error)
    else:
        messages.success(request, _("The part was removed."))
    return redirect(_text_url(found, item.version))


@login_required
@require_POST
def consultation_node_move(
    request: HttpRequest, agency: str, consultation: int, node: int
) -> HttpResponse:
    _agency, found = _consultation(request, agency, consultation)
    item = selectors.text_node(consultation=found, pk=node)
    form = MoveForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose up or down."))
        texts.node_move(actor=request.user, node=item, direction=form.cleaned_data["direction"])
    except ValidationError as error:
        _show_errors(request, error)
    return redirect(f"{_text_url(found, item.version)}#node-{item.pk}")


@login_required
def consultation_node_move_to(
    request: HttpRequest, agency: str, consultation: int, node: int
) -> HttpResponse:
    """Move a chapter or an article (with its contents) into another chapter, at a chosen
    place, and renumber the articles if asked."""
    agency_obj, found = _consultation(request, agency, consultation)
    item = selectors.text_node(consultation=found, pk=node)
    outline = selectors.text_outline(version=item.version)
    form = NodeMoveToForm(request.POST or None, outline=outline, node=item)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            parent, after, first = form.target()
            try:
                texts.node_move_to(
                    actor=request.user,
                    node=item,
                    parent=parent,
                    after=after,
                    first=first,
                    renumber=form.cleaned_data["renumber"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The part was moved."))
                return redirect(f"{_text_url(found, item.version)}#node-{item.pk}")
        status = 400
    return render(
        request,
        "consultations/texts/workspace_move.html",
        {
            "agency": agency_obj,
            "consultation": found,
            "version": item.version,
            "node": item,
            "form": form,
        },
        status=status,
    )


@login_required
def consultation_import_english(
    request: HttpRequest, agency: str, consultation: int, version: int
) -> HttpResponse:
    """Fill the English text of a draft version from an English file of the same structure."""
    agency_obj, found = _consultation(request, agency, consultation)
    version_obj = selectors.text_version(consultation=found, number=version)
    form = EnglishImportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                done = texts.text_import_english(
                    actor=request.user,
                    version=version_obj,
                    filename=upload.name,
                    data=_read_upload(upload),
                    replace=form.cleaned_data["replace"],
                )
            except ValidationError as error:
                form.add_error("file", error.messages)
            else:
                messages.success(
                    request,
                    ngettext(
                        "English text was filled in for %(count)s part of version %(number)s.",
                        "English text was filled in for %(count)s parts of version %(number)s.",
                        done.filled,
                    )
                    % {"count": done.filled, "number": version_obj.number},
                )
                if done.numbers_differ:
                    messages.warning(
                        request,
                        _(
                            "Check these articles: the file gives them another number than "
                            "the Arabic text: %(articles)s."
                        )
                        % {
                            "articles": ", ".join(
                                _("article %(arabic)s (%(file)s in the file)")
                                % {"arabic": arabic, "file": number}
                                for arabic, number in done.numbers_differ[:10]
                            )
                        },
                    )
                return redirect(_text_url(found, version_obj))
        status = 400
    return render(
        request,
        "consultations/texts/workspace_import_english.html",
        {"agency": agency_obj, "consultation": found, "version": version_obj, "form": form},
        status=status,
    )


@login_required
def consultation_version_publish(
    request: HttpRequest, agency: str, consultation: int, version: int
) -> HttpResponse:
    agency_obj, found = _consultation(request, agency, consultation, "content.publish")
    version_obj = selectors.text_version(consultation=found, number=version)
    form = VersionPublishForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                texts.version_publish(
                    actor=request.user,
                    consultation=found,
                    version=version_obj,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Version %(number)s is published.") % {"number": version_obj.number},
                )
                return redirect(_text_url(found, version_obj))
        status = 400
    return render(
        request,
        "consultations/texts/workspace_publish.html",
        {"agency": agency_obj, "consultation": found, "version": version_obj, "form": form},
        status=status,
    )


def _changes(old: Version, new: Version) -> list:
    language = get_language() or "ar"
    return [change.show(language) for change in version_diff(old, new)]


def _summary(changes: list) -> dict[str, int]:
    counts = {"added": 0, "removed": 0, "changed": 0, "unchanged": 0}
    for change in changes:
        counts[change.status] += 1
    return counts


@login_required
@require_safe
def consultation_text_diff(
    request: HttpRequest, agency: str, consultation: int, a: int, b: int
) -> HttpResponse:
    """Staff compare any two versions, drafts included (to check a version before publishing)."""
    agency_obj, found = _consultation(request, agency, consultation)
    old = selectors.text_version(consultation=found, number=a)
    new = selectors.text_version(consultation=found, number=b)
    changes = _changes(old, new)
    return render(
        request,
        "consultations/texts/workspace_diff.html",
        {
            "agency": agency_obj,
            "consultation": found,
            "old": old,
            "new": new,
            "changes": changes,
            "summary": _summary(changes),
        },
    )


# --- Public pages ----------------------------------------------------------------------------


@require_safe
def versions(request: HttpRequest, agency_slug: str, slug: str) -> HttpResponse:
    found = selectors.public_consultation(agency_slug=agency_slug, slug=slug)
    published = selectors.published_text_versions(consultation=found)
    numbers = {v.number for v in published}
    a, b = request.GET.get("from", ""), request.GET.get("to", "")
    if a or b:
        if a.isdigit() and b.isdigit() and {int(a), int(b)} <= numbers:
            return redirect(
                "consultations:diff", agency_slug=agency_slug, slug=slug, a=int(a), b=int(b)
            )
        messages.error(request, _("Choose two published versions to compare."))
    return render(
        request,
        "consultations/texts/versions.html",
        {
            "agency": found.agency,
            "consultation": found,
            "versions": published,
            "pairs": list(zip(published[1:], published, strict=False)),
        },
        status=400 if a or b else 200,
    )


@require_safe
def diff(request: HttpRequest, agency_slug: str, slug: str, a: int, b: int) -> HttpResponse:
    found = selectors.public_consultation(agency_slug=agency_slug, slug=slug)
    old = selectors.text_version(consultation=found, number=a, published=True)
    new = selectors.text_version(consultation=found, number=b, published=True)
    changes = _changes(old, new)
    return render(
        request,
        "consultations/texts/diff.html",
        {
            "agency": found.agency,
            "consultation": found,
            "old": old,
            "new": new,
            "changes": changes,
            "summary": _summary(changes),
            "versions": selectors.published_text_versions(consultation=found),
        },
    )
