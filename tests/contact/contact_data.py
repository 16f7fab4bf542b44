"""Inboxes and requests for tests, made through the services."""

from musharaka.contact import services
from musharaka.contact.models import EscalationLevel, Inbox, Kind, RoutingRule
from tests.conftest import make_staff
from tests.factories import UserFactory


def make_inbox(agency, *, responder=None, hours=16, **extra) -> Inbox:
    inbox = Inbox.objects.create(
        agency=agency,
        slug=extra.pop("slug", "customer-care"),
        name_ar="خدمة العملاء",
        name_en="Customer care",
        purpose_ar="استفسارات الخدمات",
        response_hours=hours,
        **extra,
    )
    responder = responder or make_staff(agency, "responder")
    inbox.team.add(responder)
    return inbox


def add_chain(inbox, *people) -> None:
    for level, person in enumerate(people, start=1):
        EscalationLevel.objects.create(inbox=inbox, level=level, person=person)


def route(inbox, person, *, kind="", keywords="") -> None:
    RoutingRule.objects.create(inbox=inbox, kind=kind, keywords=keywords, assign_to=person)


def send(
    inbox,
    citizen=None,
    *,
    kind=Kind.QUESTION,
    subject="موعد تجديد الرخصة",
    body="متى يمكنني تجديد الرخصة؟",
    **extra,
):
    return services.request_submit(
        actor=citizen or UserFactory(), inbox=inbox, kind=kind, subject=subject, body=body, **extra
    )
