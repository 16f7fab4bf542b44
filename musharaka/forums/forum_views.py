"""Public forum pages: the index, a forum's topics, starting a topic, and the topic page with
its replies (the shared comments thread, narrowed to the topic) and the staff actions.

Replies, endorsements, reports, edits and withdrawals post to the participation views, which
come back here (``forums.services.check_reply`` refuses replies in locked topics or from people
the forum does not let post). Staff actions post here and call one service each; a refusal
shows the topic page again with the reason (400 bad input, 403 not allowed).
"""

import copy
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from musharaka.core.middleware import client_ip
from musharaka.core.paging import query_with
from musharaka.forums import selectors, services
from musharaka.forums.forum_forms import TopicForm
from musharaka.forums.models import Forum, Topic
from musharaka.notifications.selectors import is_local_url
from musharaka.participation import selectors as participation
from musharaka.participation.forms import time_trap_token
from musharaka.participation.models import Status
from musharaka.participation.services import EDIT_WINDOW
from musharaka.participation.templatetags.comments import (
    PAGE_PARAM,
    PAGE_SIZE,
    rules_url,
    thread_context,
)

_TOPIC_FIELDS = {"title", "category", "body", "accept_rules"}


def _topic_url(topic: Topic) -> str:
    return reverse("forums:topic", args=[topic.forum.slug, topic.pk])


# --- The index and a forum ------------------------------------------------------------------


@require_safe
def forum_index(request: HttpRequest) -> HttpResponse:
    return render(request, "forums/forum/index.html", selectors.forum_index())


@require_safe
def forum_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One page of the forum's topics, pinned first, sorted and filtered by category."""
    forum = selectors.public_forum(slug=slug)
    categories = selectors.forum_categories(forum=forum)
    sort = request.GET.get("sort", "")
    sort = sort if sort in selectors.TOPIC_SORTS else selectors.DEFAULT_SORT
    wanted = request.GET.get("category", "")
    category = next((c for c in categories if c.slug == wanted), None)
    page = selectors.topic_page(
        forum=forum, sort=sort, category=category, number=request.GET.get("page")
    )
    sorts = [
        (key, label, query_with(request, sort=key, page=None), key == sort)
        for key, (label, _order) in selectors.TOPIC_SORTS.items()
    ]
    category_links = [(None, query_with(request, category=None, page=None), category is None)]
    category_links += [
        (c, query_with(request, category=c.slug, page=None), c == category) for c in categories
    ]
    return render(
        request,
        "forums/forum/forum.html",
        {
            "forum": forum,
            "agency": forum.agency,
            "page": page,
            "sorts": sorts,
            "sort": sort,
            "categories": categories,
            "category": category,
            "category_links": category_links,
            "refusal": services.why_not_post(request.user, forum)
            if request.user.is_authenticated
            else None,
            "login_url": reverse("account_login")
            + "?"
            + urlencode({"next": reverse("forums:topic_new", args=[forum.slug])}),
        },
    )


# --- Starting a topic -------------------------------------------------------------------------


def _new_topic_page(
    request: HttpRequest, forum: Forum, state: dict, *, refusal: str = "", status: int = 200
) -> HttpResponse:
    agency = forum.agency
    rules = participation.current_rules(agency=agency)
    errors = state["errors"]
    anchors = {
        "title": "topic-title",
        "category": "topic-category",
        "body": "topic-body",
        "accept_rules": "topic-rules",
    }
    summary = [(anchors.get(name, ""), text) for name, texts in errors.items() for text in texts]
    return render(
        request,
        "forums/forum/topic_new.html",
        {
            "forum": forum,
            "agency": agency,
            "refusal": refusal,
            "categories": selectors.forum_categories(forum=forum),
            "form_state": state,
            "summary": summary,
            "title_max": services.TITLE_MAX,
            "rules": rules,
            "rules_accepted": bool(
                rules is not None and participation.rules_accepted(user=request.user, rules=rules)
            ),
            "rules_url": rules_url(agency),
            "started": time_trap_token(),
            "max_length": participation.moderation_settings(agency=agency).max_length,
        },
        status=status,
    )


@login_required
def topic_new(request: HttpRequest, slug: str) -> HttpResponse:
    """The form of a new topic; refused with the reason when the forum does not let the user
    post. A held opening post is announced and the author goes back to the forum."""
    forum = selectors.public_forum(slug=slug)
    state = {"data": {}, "errors": {}}
    refusal = services.why_not_post(request.user, forum)
    if refusal:
        return _new_topic_page(request, forum, state, refusal=refusal, status=403)
    if request.method != "POST":
        return _new_topic_page(request, forum, state)
    form = TopicForm(request.POST, forum=forum)
    state["data"] = {
        "title": request.POST.get("title", ""),
        "category": request.POST.get("category", ""),
        "body": request.POST.get("body", ""),
        "accept_rules": bool(request.POST.get("accept_rules")),
    }
    if not form.is_valid():
        state["errors"] = {
            (name if name in _TOPIC_FIELDS else "all"): list(texts)
            for name, texts in form.errors.items()
        }
        return _new_topic_page(request, forum, state, status=400)
    accepted = participation.rules_accepted_on_form(
        agency=forum.agency,
        ticked=form.cleaned_data["accept_rules"],
        version_id=form.cleaned_data["rules_version"],
    )
    try:
        topic = services.topic_start(
            actor=request.user,
            forum=forum,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            category=form.cleaned_data["category"],
            accepted_rules=accepted,
            ip=client_ip(request),
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            state["errors"] = {
                (name if name in _TOPIC_FIELDS else "body"): texts
                for name, texts in error.message_dict.items()
            }
        else:
            state["errors"] = {"body": list(error.messages)}
        return _new_topic_page(request, forum, state, status=400)
    except PermissionDenied as error:
        state["errors"] = {"all": [str(error) or _("You cannot do this.")]}
        return _new_topic_page(request, forum, state, status=403)
    if topic.visible:
        messages.success(request, _("Your topic is published."))
        return redirect(_topic_url(topic))
    messages.info(
        request,
        _(
            "Your topic was received. A moderator will review its opening post; the topic "
            "shows in the forum once it is published."
        ),
    )
    for finding in getattr(topic, "new_findings", []):
        if finding.message:
            messages.warning(request, str(finding.message))
    return redirect("forums:forum", slug=forum.slug)


# --- The topic page ---------------------------------------------------------------------------


def _walk(roots):
    stack = list(reversed(list(roots)))
    while stack:
        item = stack.pop()
        yield item
        stack.extend(reversed(getattr(item, "shown_replies", None) or []))


def _prepare_opening(request: HttpRequest, topic: Topic, thread: dict) -> None:
    """Give the opening post what the shared item template reads for each text (as
    ``thread_context`` does for the replies); it takes no replies of its own."""
    c = topic.opening
    viewer = request.user
    signed_in = viewer.is_authenticated
    extras = selectors.opening_extras(opening=c, viewer=viewer)
    state = thread["state"]
    c.dom = f"c{c.pk}"
    c.mine = signed_in and c.author_id == viewer.pk
    c.representing = extras.representing
    c.endorsed_by_viewer = extras.endorsed
    c.flagged_by_viewer = extras.flagged
    c.state = state if state is not None and state.contribution_id == c.pk else None
    action = c.state.action if c.state else ""
    c.reply_state = None
    c.edit_state = c.state if action == "edit" else None
    c.flag_state = c.state if action == "flag" else None
    live = c.status in (Status.PENDING, Status.PUBLISHED)
    c.editable = c.mine and live and timezone.now() - c.created_at <= EDIT_WINDOW
    c.edit_until = c.created_at + EDIT_WINDOW
    c.show_edit = c.editable or (c.mine and action == "edit")
    # Withdrawing the opening post takes the topic down: not once others have replied.
    c.show_withdraw = c.mine and live and topic.reply_count == 0
    c.show_reply = False
    c.show_flag = signed_in and not c.mine and c.status == Status.PUBLISHED
    c.shown_replies = []
    if c.state is not None and action != "reply":  # shown on the post itself
        thread["unplaced_state"] = None


def _topic_page(
    request: HttpRequest,
    topic: Topic,
    *,
    staff_errors: dict | None = None,
    status: int = 200,
) -> HttpResponse:
    forum = topic.forum
    agency = forum.agency
    viewer = request.user
    space = topic.opening.space
    space.agency = agency
    thread = thread_context(request, space=space, target=topic, where=~Q(pk=topic.opening_id))
    refusal = ""
    if topic.locked:
        refusal = _("This topic is locked: no new replies.")
    elif viewer.is_authenticated:
        refusal = services.why_not_post(viewer, forum) or ""
    elif not forum.is_active:
        refusal = _("This forum is closed.")
    if refusal:
        for c in _walk(thread["page"].object_list):
            c.show_reply = bool(c.reply_state)
    _prepare_opening(request, topic, thread)
    powers = selectors.forum_powers(user=viewer, agency=agency)
    answer = topic.staff_answer
    if answer is not None and answer.status != Status.PUBLISHED:
        answer = None
    answer_page = (
        selectors.staff_answer_page(topic=topic, space=space, per_page=PAGE_SIZE)
        if answer is not None
        else None
    )
    context = {
        "forum": forum,
        "agency": agency,
        "topic": topic,
        "opening": topic.opening,
        "thread": thread,
        "refusal": refusal,
        "answer": answer,
        "answer_url": f"?{urlencode({PAGE_PARAM: answer_page})}#c{answer.pk}" if answer else "",
        "powers": powers,
        "following": selectors.is_following(user=viewer, topic=topic),
        "staff_errors": staff_errors or {},
        # The staff answer buttons on each reply (the shared item's ``item_actions`` hook).
        "reply_actions": "forums/forum/_reply_actions.html" if powers.staff else "",
        # Refusals of an action whose form the viewer does not see: shown at the top.
        "refused": [
            text
            for key, texts in (staff_errors or {}).items()
            if not getattr(powers, _POWER_OF[key])
            for text in texts
        ],
        "status": Status,
    }
    if powers.respond and not topic.contact_request_id:
        context["inboxes"] = selectors.agency_inboxes(agency=agency)
    if powers.edit:
        context["consultations"] = consultations = selectors.agency_consultations(agency=agency)
        for c in consultations:
            c.label = str(c.local("title"))
    return render(request, "forums/forum/topic.html", context, status=status)


_POWER_OF = {"moderate": "moderate", "answer": "staff", "request": "respond", "link": "edit"}


@require_safe
def topic_detail(request: HttpRequest, slug: str, topic: int) -> HttpResponse:
    forum = selectors.public_forum(slug=slug)
    found = selectors.topic_for_reader(forum=forum, pk=topic, viewer=request.user)
    return _topic_page(request, found)


def _as_topic_page_request(request: HttpRequest, topic: Topic) -> HttpRequest:
    """The POST seen as a GET of the topic page, so the page shown with a refusal sends its
    forms back to the topic (not to the action's address)."""
    page = copy.copy(request)
    page.method = "GET"
    page.path = _topic_url(topic)
    page.GET = QueryDict()
    page.POST = QueryDict()
    page.META = {**request.META, "REQUEST_METHOD": "GET", "QUERY_STRING": ""}
    return page


def _staff_action(
    request: HttpRequest,
    slug: str,
    topic: int,
    key: str,
    call,
    *,
    back=None,
) -> HttpResponse:
    """Run one staff service on the topic; success goes back to the topic (to ``back(topic)``,
    else its staff actions) with a message, a refusal shows the topic page again with the
    reason in the staff actions (or at the top for someone who does not see them)."""
    forum = selectors.public_forum(slug=slug)
    found = selectors.topic_for_reader(forum=forum, pk=topic, viewer=request.user)
    try:
        done = call(found)
    except ValidationError as error:
        return _topic_page(
            _as_topic_page_request(request, found),
            found,
            staff_errors={key: list(error.messages)},
            status=400,
        )
    except PermissionDenied as error:
        return _topic_page(
            _as_topic_page_request(request, found),
            found,
            staff_errors={key: [str(error) or _("You cannot do this.")]},
            status=403,
        )
    messages.success(request, done)
    return redirect(back(found) if back else _topic_url(found) + "#staff-actions")


def _page_of_topic(request: HttpRequest, topic: Topic) -> str:
    """The page of the topic the form was on (its ``next``: same path, with the replies' page
    and order), else the topic's first page."""
    base = _topic_url(topic)
    wanted = request.POST.get("next", "").split("#", 1)[0]
    if wanted and is_local_url(wanted) and urlsplit(wanted).path == base:
        return wanted
    return base


@login_required
@require_POST
def topic_follow(request: HttpRequest, slug: str, topic: int) -> HttpResponse:
    forum = selectors.public_forum(slug=slug)
    found = selectors.topic_for_reader(forum=forum, pk=topic, viewer=request.user)
    on = request.POST.get("on") == "1"
    services.topic_subscribe(actor=request.user, topic=found, on=on)
    if on:
        messages.success(request, _("You follow this topic: you will be told of new replies."))
    else:
        messages.success(request, _("You no longer follow this topic."))
    return redirect(_topic_url(found))


_FLAGS = {
    "pin": ({"pinned": True}, gettext_lazy("The topic is pinned at the top of the forum.")),
    "unpin": ({"pinned": False}, gettext_lazy("The topic is no longer pinned.")),
    "lock": ({"locked": True}, gettext_lazy("The topic is locked: nobody can reply any more.")),
    "unlock": ({"locked": False}, gettext_lazy("The topic is open for replies again.")),
}


@login_required
@require_POST
def topic_moderate(request: HttpRequest, slug: str, topic: int) -> HttpResponse:
    """Pin, unpin, lock or unlock (the forum agency's moderators and managers)."""
    action = request.POST.get("action", "")

    def call(found: Topic) -> str:
        if action not in _FLAGS:
            services.topic_set_flags(actor=request.user, topic=found)  # staff only, even here
            raise ValidationError(_("Choose pin, unpin, lock or unlock."))
        flags, done = _FLAGS[action]
        services.topic_set_flags(actor=request.user, topic=found, **flags)
        return str(done)

    return _staff_action(request, slug, topic, "moderate", call)


@login_required
@require_POST
def topic_answer(request: HttpRequest, slug: str, topic: int) -> HttpResponse:
    """Mark the published ``reply`` as the staff answer, or clear the answer (``clear``): the
    buttons on each reply post here. Back to that reply on the page the form was on."""
    try:
        reply_pk = int(request.POST.get("reply") or "")
    except ValueError:
        reply_pk = None

    clear = bool(request.POST.get("clear"))

    def call(found: Topic) -> str:
        services.staff_answer_choose(
            actor=request.user, topic=found, reply_pk=reply_pk, clear=clear
        )
        if clear:
            return _("The staff answer is cleared.")
        return _("The reply is marked as the staff answer; the topic's author is told.")

    def back(found: Topic) -> str:
        anchor = f"#c{reply_pk}" if reply_pk is not None else "#comments"
        return _page_of_topic(request, found) + anchor

    return _staff_action(request, slug, topic, "answer", call, back=back)


@login_required
@require_POST
def topic_to_request(request: HttpRequest, slug: str, topic: int) -> HttpResponse:
    """Turn the topic into a contact request to one of the agency's inboxes."""

    def call(found: Topic) -> str:
        inbox = selectors.agency_inbox(pk=request.POST.get("inbox"))
        if inbox is None:
            raise ValidationError(_("Choose an open inbox of the forum's agency."))
        services.topic_to_request(actor=request.user, topic=found, inbox=inbox)
        return _("The topic is now request %(number)s; its author is told.") % {
            "number": found.contact_request.number
        }

    return _staff_action(request, slug, topic, "request", call)


@login_required
@require_POST
def topic_link(request: HttpRequest, slug: str, topic: int) -> HttpResponse:
    """Link the topic to a consultation of the agency as a proposal, or remove the link."""

    def call(found: Topic) -> str:
        wanted = request.POST.get("consultation") or ""
        consultation = None
        if wanted:
            consultation = selectors.agency_consultation(pk=wanted)
            if consultation is None:
                raise ValidationError(_("Choose a consultation of the forum's agency."))
        services.topic_link_consultation(actor=request.user, topic=found, consultation=consultation)
        if consultation is None:
            return _("The topic is no longer linked to a consultation.")
        return _("The topic is linked to the consultation as a proposal.")

    return _staff_action(request, slug, topic, "link", call)
