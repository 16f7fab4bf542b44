"""The comments component any page can carry: ``{% load comments %}{% comments_thread space %}``.

It shows the participation rules link, the comment form, and one page of the thread (top-level
texts 20 to a page, sortable, replies nested three levels) with each reader's actions. The forms
post to ``musharaka.participation.views``, which come back to this page. A page costs the same
number of queries whatever the number of texts (``selectors.thread_page``).
"""

from datetime import timedelta

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from musharaka.core.paging import query_with
from musharaka.participation import selectors
from musharaka.participation.forms import ThreadFormState, target_token, time_trap_token
from musharaka.participation.models import FlagReason, ModerationMode, Space, Status
from musharaka.participation.render import render_body
from musharaka.participation.services import EDIT_WINDOW, MAX_REPLY_DEPTH

register = template.Library()

PAGE_SIZE = 20
PAGE_PARAM = "comments_page"
SORT_PARAM = "comments_sort"
SORTS = [
    ("newest", _("Newest first")),
    ("oldest", _("Oldest first")),
    ("endorsed", _("Most endorsed")),
]


@register.filter
def contribution_body(text: str) -> SafeString:
    """A contribution's public text, rendered and cleaned (restricted Markdown, ``dir=auto``)."""
    return render_body(text or "")


def rules_url(agency) -> str:
    return reverse("participation:agency_rules", kwargs={"slug": agency.slug})


def thread_context(request, *, space: Space, target=None, where=None) -> dict:
    """Everything ``participation/comments/thread.html`` shows, for one page of the thread."""
    viewer = request.user
    signed_in = viewer.is_authenticated
    agency = space.agency
    sort = request.GET.get(SORT_PARAM)
    sort = sort if sort in dict(SORTS) else "newest"
    data = selectors.thread_page(
        space=space,
        target=target,
        viewer=viewer,
        order=sort,
        number=request.GET.get(PAGE_PARAM),
        per_page=PAGE_SIZE,
        where=where,
    )
    state: ThreadFormState | None = getattr(request, "comments_state", None)
    if state is not None and state.space_id != space.pk:
        state = None
    now = timezone.now()
    may_contribute = space.is_open and agency.is_active
    for c in data.contributions:
        c.dom = f"c{c.pk}"
        c.mine = signed_in and c.author_id == viewer.pk
        c.representing = data.representing.get(c.author_id)
        c.endorsed_by_viewer = c.pk in data.endorsed
        c.flagged_by_viewer = c.pk in data.flagged
        c.state = state if state is not None and state.contribution_id == c.pk else None
        action = c.state.action if c.state else ""
        c.reply_state = c.state if action == "reply" else None
        c.edit_state = c.state if action == "edit" else None
        c.flag_state = c.state if action == "flag" else None
        live = c.status in (Status.PENDING, Status.PUBLISHED)
        c.editable = c.mine and live and now - c.created_at <= EDIT_WINDOW
        c.edit_until = c.created_at + EDIT_WINDOW
        c.show_edit = c.editable or (c.mine and action == "edit")
        c.show_withdraw = c.mine and live
        c.show_reply = signed_in and (
            action == "reply"
            or (may_contribute and c.status == Status.PUBLISHED and c.depth < MAX_REPLY_DEPTH)
        )
        c.show_flag = signed_in and not c.mine and c.status == Status.PUBLISHED
        c.shown_replies = getattr(c, "visible_replies", [])
    placed = {c.pk for c in data.contributions}
    rules = selectors.current_rules(agency=agency)
    page = data.page
    return {
        "request": request,
        "user": viewer,
        "space": space,
        "agency": agency,
        "page": page,
        "total": page.paginator.count,
        "state": state,
        "submit_state": state if state is not None and state.action == "submit" else None,
        "unplaced_state": (
            state
            if state is not None
            and state.action != "submit"
            and state.contribution_id not in placed
            else None
        ),
        "may_contribute": may_contribute,
        "pre_moderated": space.moderation == ModerationMode.PRE,
        "rules": rules,
        "rules_accepted": bool(
            signed_in and rules is not None and selectors.rules_accepted(user=viewer, rules=rules)
        ),
        "rules_url": rules_url(agency),
        "started": time_trap_token(),
        "target_token": target_token(target) if target is not None else "",
        "max_length": selectors.moderation_settings(agency=agency).max_length,
        "edit_minutes": int(EDIT_WINDOW / timedelta(minutes=1)),
        "flag_reasons": FlagReason.choices,
        "next": request.get_full_path(),
        "login_url": reverse("account_login")
        + "?"
        + urlencode({"next": request.get_full_path() + "#comments"}),
        "sorts": [
            (key, label, query_with(request, **{SORT_PARAM: key, PAGE_PARAM: None}), key == sort)
            for key, label in SORTS
        ],
        "previous_url": (
            query_with(request, **{PAGE_PARAM: page.previous_page_number()})
            if page.has_previous()
            else ""
        ),
        "next_url": (
            query_with(request, **{PAGE_PARAM: page.next_page_number()}) if page.has_next() else ""
        ),
        "status": Status,
    }


@register.inclusion_tag("participation/comments/thread.html", takes_context=True)
def comments_thread(context, space: Space, target=None) -> dict:
    """Render the comments thread of ``space`` (only the texts about ``target`` when given)."""
    values = thread_context(context["request"], space=space, target=target)
    values["csrf_token"] = context.get("csrf_token")
    return values
