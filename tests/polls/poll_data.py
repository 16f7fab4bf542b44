"""Polls for tests: built through the services, as staff would build them."""

from datetime import timedelta

from django.utils import timezone

from musharaka.polls import services
from musharaka.polls.models import Audience, Poll, PollKind, QuestionKind, ResultsPolicy


def poll_settings(**overrides) -> dict:
    now = timezone.now()
    return {
        "title_ar": "استطلاع عن الخدمات الرقمية",
        "title_en": "Survey on digital services",
        "intro_ar": "نود معرفة رأيكم",
        "intro_en": "We would like your opinion",
        "audience": Audience.SIGNED_IN,
        "results_policy": ResultsPolicy.LIVE,
        "anonymous_results": False,
        "opens_at": now - timedelta(days=1),
        "closes_at": now + timedelta(days=14),
        **overrides,
    }


def options(*labels: str) -> list[dict]:
    return [{"label_ar": label, "label_en": f"{label} (en)"} for label in labels]


def make_quick_poll(manager, *, publish: bool = True, **overrides) -> Poll:
    poll = services.poll_create(
        actor=manager,
        agency=manager_agency(manager),
        kind=PollKind.QUICK,
        data=poll_settings(**overrides),
    )
    services.question_add(
        actor=manager,
        poll=poll,
        data={
            "kind": QuestionKind.SINGLE,
            "text_ar": "هل أنت راضٍ عن الخدمة؟",
            "text_en": "Are you satisfied?",
        },
        options=options("نعم", "لا", "إلى حد ما"),
    )
    if publish:
        services.poll_publish(actor=manager, poll=poll)
    return poll


def manager_agency(manager):
    return manager.memberships.first().agency


def make_survey(manager, *, publish: bool = True, **overrides) -> Poll:
    """A two-page survey with every question type; page 2's follow-up shows only to those who
    answered "No" on page 1."""
    poll = services.poll_create(
        actor=manager,
        agency=manager_agency(manager),
        kind=PollKind.SURVEY,
        data=poll_settings(**overrides),
    )
    add = lambda kind, text, page=1, opts=None, **extra: services.question_add(  # noqa: E731
        actor=manager,
        poll=poll,
        data={"kind": kind, "text_ar": text, "text_en": f"{text} (en)", "page": page, **extra},
        options=opts,
    )
    used = add(QuestionKind.SINGLE, "هل استخدمت البوابة؟", opts=options("نعم", "لا"))
    add(
        QuestionKind.MULTIPLE,
        "ما الخدمات التي استخدمتها؟",
        opts=options("الرخص", "المواعيد", "الشكاوى", "الدفع"),
        min_choices=1,
        max_choices=3,
    )
    add(
        QuestionKind.SCALE,
        "قيّم سهولة الاستخدام",
        scale_min=1,
        scale_max=5,
        low_label_ar="صعب",
        high_label_ar="سهل",
    )
    add(QuestionKind.RANKING, "رتّب الأولويات", opts=options("السرعة", "الوضوح", "الخصوصية"))
    add(
        QuestionKind.NUMBER,
        "كم مرة زرت البوابة هذا الشهر؟",
        required=False,
        number_min=0,
        number_max=1000,
    )
    add(QuestionKind.DATE, "متى زرتها آخر مرة؟", page=2, required=False)
    add(
        QuestionKind.MATRIX,
        "قيّم كل جانب",
        page=2,
        opts=options("التصميم", "المحتوى"),
        scale_min=0,
        scale_max=10,
    )
    add(QuestionKind.SHORT_TEXT, "عنوان ملاحظتك", page=2, required=False)
    add(
        QuestionKind.LONG_TEXT,
        "لماذا لم تستخدمها؟",
        page=2,
        show_if=used.options.get(position=2),
        required=True,
        answers_public=True,
    )
    if publish:
        services.poll_publish(actor=manager, poll=poll)
    return poll
