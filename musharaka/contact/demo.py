"""Demo of direct communication with officials: every demo agency has two inboxes (general
enquiries, whose answers may be published, and complaints and reports) with their team (the
agency's responder), an escalation chain (its manager) and routing rules, and a few hundred
requests from the last four months in every state: just received, assigned, being handled and
overdue (escalated to the manager), returned for more information, answered (on time or late),
closed with the citizen's rating, reopened, merged into an earlier request of the same citizen.
``citizen@demo.musharaka.sa`` follows a handful of requests in different states, one of them
transferred between agencies; each agency's public Q&A page has answers a moderator published
(and one still waiting in the moderation queue).

The request rows are inserted in bulk for speed (a few seconds), built the way the services
leave them: tracking numbers from ``services.tracking_number``, deadlines counted in the
agency's working hours (``calendar.add_working_seconds``), the clock stopped while waiting (the
working seconds left kept, no deadline), a message for every step, and the answer, first
response, closing and rating consistent with the status, and the working time each of those
took (``durations.fill``, from the conversations). The transfer and the published answers go
through the services themselves.
"""

import math
import random
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import DEFAULT_DB_ALIAS
from django.test import override_settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from musharaka.contact import durations, selectors, services
from musharaka.contact.calendar import WorkingTime, add_working_seconds, working_seconds_between
from musharaka.contact.models import (
    CalendarDay,
    EscalationLevel,
    Inbox,
    Kind,
    Message,
    MessageRole,
    Request,
    RoutingRule,
    Status,
    WorkCalendar,
)
from musharaka.core.bulk import rows_update
from musharaka.core.demo import DEMO_PASSWORD, FAMILY_NAMES, FIRST_NAMES, DemoContext, demo_email
from musharaka.core.models import User
from musharaka.participation.moderation import contribution_approve

SEED = 6  # the channel's own seed: its data does not shift with other apps'
PER_INBOX = 200
CITIZENS = 400
BATCH = 2000
HISTORY_DAYS = 120
WARN_HOURS = 8

# (slug, name ar, name en, purpose ar, purpose en, working hours to answer, publishable,
#  kinds with weights)
INBOXES = [
    (
        "enquiries",
        "الاستفسارات العامة",
        "General enquiries",
        "أسئلتكم واقتراحاتكم حول خدمات الجهة وإجراءاتها، ونرد عليها خلال خمسة أيام عمل.",
        "Your questions and suggestions about the agency's services and procedures, answered "
        "within five working days.",
        35,
        True,
        {Kind.QUESTION: 6, Kind.SUGGESTION: 2, Kind.PRAISE: 1},
    ),
    (
        "complaints",
        "الشكاوى والبلاغات",
        "Complaints and reports",
        "الشكاوى على خدمات الجهة والبلاغات عن المخالفات، ونرد عليها خلال ثلاثة أيام عمل.",
        "Complaints about the agency's services and reports of violations, answered within "
        "three working days.",
        21,
        False,
        {Kind.COMPLAINT: 6, Kind.REPORT: 3},
    ),
]

TOPICS = {
    "yesser": ["بوابة الخدمات الحكومية", "النفاذ الوطني الموحد", "منصة المشاركة الإلكترونية",
               "ربط الخدمات الإلكترونية بين الجهات", "الدليل الإرشادي للمشاركة الإلكترونية"],
    "mcit": ["تغطية الإنترنت في الأحياء الجديدة", "برامج التدريب الرقمي", "أكاديمية طويق",
             "التحول الرقمي للمنشآت الصغيرة", "خدمات البريد"],
    "moh": ["حجز المواعيد في المراكز الصحية", "تطبيق صحتي", "الإجازات المرضية",
            "الوصفات الطبية الإلكترونية", "التطعيمات الموسمية"],
    "moe": ["نقل الطلاب بين المدارس", "منصة مدرستي", "الاختبارات الوطنية", "النقل المدرسي",
            "معادلة الشهادات"],
    "momah": ["رخص البناء", "الدعم السكني", "نظافة الأحياء", "إنارة الشوارع", "الحدائق العامة"],
    "sdaia": ["تطبيق توكلنا", "حماية البيانات الشخصية", "منصة البيانات المفتوحة",
              "برامج الذكاء الاصطناعي", "التوقيع الرقمي"],
    "riyadh": ["الحفريات في الطرق", "الرخص التجارية", "تصريف مياه الأمطار", "مواقف السيارات",
               "التشجير في الأحياء"],
}  # fmt: skip
SUBJECTS = {
    Kind.QUESTION: ["استفسار عن {topic}", "طلب معلومات حول {topic}", "سؤال بخصوص {topic}"],
    Kind.SUGGESTION: ["مقترح لتحسين {topic}", "فكرة لتطوير {topic}"],
    Kind.PRAISE: ["شكر وتقدير على {topic}", "إشادة بخدمة {topic}"],
    Kind.COMPLAINT: ["شكوى بخصوص {topic}", "تأخر في {topic}", "ملاحظة على مستوى {topic}"],
    Kind.REPORT: ["بلاغ عن مشكلة في {topic}", "بلاغ بخصوص {topic}"],
}
BODIES = {
    Kind.QUESTION: [
        "السلام عليكم، أرغب في معرفة الإجراءات والمتطلبات المتعلقة بـ{topic}، وهل يمكن إنجازها "
        "إلكترونيًا دون مراجعة؟ وشكرًا لكم.",
        "السلام عليكم، ما المدة المتوقعة لإنجاز الطلبات الخاصة بـ{topic}؟ وأين أتابع حالة طلبي؟",
        "أود الاستفسار عن الرسوم المطلوبة في {topic} إن وجدت، والمستندات اللازمة.",
    ],
    Kind.SUGGESTION: [
        "أقترح إتاحة متابعة {topic} عبر رسائل نصية عند كل خطوة، فذلك يوفر على المراجعين الاتصال.",
        "أقترح توحيد النماذج الخاصة بـ{topic} وتقليل المستندات المطلوبة، مع نشر دليل مبسط.",
    ],
    Kind.PRAISE: [
        "أشكركم على سرعة إنجاز طلبي الخاص بـ{topic}، وتعامل الموظفين الراقي.",
        "تجربة ممتازة مع {topic}، والخدمة أصبحت أسهل بكثير من السابق. شكرًا لكم.",
    ],
    Kind.COMPLAINT: [
        "قدمت طلبًا يخص {topic} منذ أكثر من أسبوعين ولم يصلني أي رد حتى الآن رغم المتابعة.",
        "واجهت صعوبة متكررة في {topic}، والنظام يعرض رسالة خطأ عند إرسال الطلب.",
        "لم تُحل المشكلة المتعلقة بـ{topic} رغم الوعد بحلها خلال أيام.",
    ],
    Kind.REPORT: [
        "أبلغ عن خلل مستمر في {topic} في حيّنا منذ عدة أيام، ويسبب إزعاجًا للسكان.",
        "أود الإبلاغ عن مخالفة متعلقة بـ{topic}، وأرجو اتخاذ اللازم.",
    ],
}
ANSWERS = [
    "شكرًا لتواصلكم. بخصوص {topic}، يمكنكم إنجاز الطلب إلكترونيًا عبر بوابة الجهة، وتستغرق "
    "المعالجة عادةً خمسة أيام عمل، وتصلكم رسالة عند كل خطوة.",
    "نشكركم على ملاحظتكم حول {topic}. أحيلت إلى الإدارة المختصة وعولجت، ونعتذر عن التأخير.",
    "تمت مراجعة طلبكم المتعلق بـ{topic}، واتُّخذ الإجراء اللازم. يسعدنا تواصلكم في أي وقت.",
    "نقدّر مقترحكم حول {topic}، وسيُدرس ضمن خطة تطوير الخدمات للعام القادم.",
]
ASKS = [
    "نأمل تزويدنا برقم الطلب السابق وتاريخ تقديمه لنتمكن من متابعة {topic}.",
    "نرجو توضيح الحي أو الموقع المقصود، وإرفاق صورة إن أمكن، لنتمكن من معالجة البلاغ.",
]
REPLIES = [
    "رقم الطلب مذكور في الرسالة الأولى، وقدّمته قبل أسبوعين تقريبًا.",
    "الموقع في الحي الشمالي بجوار المدرسة الابتدائية.",
]
REOPENS = [
    "الرد لم يوضح موعد إنجاز الطلب، أرجو المتابعة.",
    "ما زالت المشكلة قائمة بعد الرد، أرجو إعادة النظر.",
]
NOTES = [
    "أحيل للإدارة المختصة للتحقق، بانتظار ردهم.",
    "تواصلت مع فريق الدعم الفني، والمعالجة جارية.",
]
RATING_COMMENTS = ["", "", "شكرًا على الرد السريع.", "الرد واضح ومفيد.", "تأخر الرد كثيرًا."]
# Public Q&A: (question without personal details, answer), per topic index.
PUBLISHED = [
    ("ما المتطلبات والمستندات اللازمة لـ{topic}؟",
     "تُقدَّم الطلبات إلكترونيًا عبر بوابة الجهة بعد تسجيل الدخول بالنفاذ الوطني الموحد، ولا "
     "يلزم إرفاق مستندات ورقية، وتُنجز خلال خمسة أيام عمل."),
    ("هل يمكن متابعة الطلبات الخاصة بـ{topic} إلكترونيًا؟",
     "نعم، تظهر حالة الطلب في صفحة الطلبات بعد تسجيل الدخول، وتصل رسالة عند كل تحديث."),
    ("هل توجد رسوم على {topic}؟",
     "لا توجد رسوم على تقديم الطلب، وتُعلن أي رسوم خاصة على صفحة الخدمة قبل البدء."),
]  # fmt: skip

# How the requests end up (weights), beside the citizen account's and the merged ones.
FATES = {
    "received": 5,
    "assigned": 6,
    "in_progress": 10,
    "waiting": 6,
    "answered": 12,
    "closed": 55,
    "reopened": 2,
}
MERGED_SHARE = 0.04


@contextmanager
def own_timestamps(*models):
    """Let bulk inserts keep the past ``created_at``/``updated_at`` they are given (demo and
    bench data only: the fields are ``auto_now`` for everything else)."""
    fields = [
        f
        for model in models
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, now, add in saved:
            f.auto_now, f.auto_now_add = now, add


@dataclass
class Built:
    """A request row and its conversation (role, author, body, when), not yet saved."""

    request: Request
    messages: list[tuple[str, User | None, str, datetime]] = field(default_factory=list)
    merged_into: "Built | None" = None


@dataclass
class Place:
    """One inbox with what is needed to build its requests."""

    inbox: Inbox
    calendar: WorkingTime
    topics: list[str]
    kinds: dict[str, int]
    responder: User
    manager: User


def load(demo: DemoContext) -> None:
    rng = random.Random(SEED)
    now = timezone.now()
    with translation.override("ar"):
        places = [p for slug in demo.agencies for p in _inboxes(demo, slug)]
        citizens = _citizens(rng)
        built: list[Built] = []
        for place in places:
            fates = rng.choices(list(FATES), list(FATES.values()), k=PER_INBOX)
            for fate in fates:
                citizen = rng.choice(citizens)
                built.append(_build(rng, now, place, fate, citizen))
        built += _merged(rng, now, built)
        mine = _citizen_requests(rng, now, demo, places)
        built += mine
        _save(built)
        _working_times(places)
        _transfer(demo, places, mine)
        _publish(demo, places, rng)


# --- Inboxes ------------------------------------------------------------------------------------


def _inboxes(demo: DemoContext, slug: str) -> list[Place]:
    agency = demo.agencies[slug]
    responder = demo.staff[(slug, "responder")]
    manager = demo.staff[(slug, "manager")]
    if slug == "riyadh":  # the municipality keeps earlier hours and a closure of its own
        WorkCalendar.objects.create(agency=agency, day_starts=time(7, 30), day_ends=time(14, 30))
    else:
        WorkCalendar.objects.create(agency=agency)
    if slug == "yesser":
        CalendarDay.objects.create(
            agency=agency,
            date=timezone.localdate() + timedelta(days=21),
            working=False,
            name="يوم التدريب السنوي للموظفين",
        )
    calendar = selectors.working_time(agency=agency)
    places = []
    for inbox_slug, name_ar, name_en, purpose_ar, purpose_en, hours, publishable, kinds in INBOXES:
        inbox = Inbox.objects.create(
            agency=agency,
            slug=inbox_slug,
            name_ar=name_ar,
            name_en=name_en,
            purpose_ar=purpose_ar,
            purpose_en=purpose_en,
            response_hours=hours,
            warn_hours=WARN_HOURS,
            answers_publishable=publishable,
        )
        inbox.team.add(responder)
        EscalationLevel.objects.create(inbox=inbox, level=1, person=manager)
        places.append(Place(inbox, calendar, TOPICS[slug], kinds, responder, manager))
    enquiries, complaints = places
    RoutingRule.objects.create(
        inbox=complaints.inbox, position=0, kind=Kind.COMPLAINT, assign_to=responder
    )
    RoutingRule.objects.create(
        inbox=enquiries.inbox, position=0, keywords="تجديد, رسوم, ترخيص", assign_to=responder
    )
    return places


def _citizens(rng: random.Random) -> list[User]:
    """Plain citizen accounts who write to the agencies (verified email, demo password)."""
    password = make_password(DEMO_PASSWORD)
    User.objects.bulk_create(
        [
            User(
                email=demo_email(f"citizen-contact-{i:03d}"),
                full_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(FAMILY_NAMES)}",
                password=password,
            )
            for i in range(1, CITIZENS + 1)
        ],
        batch_size=BATCH,
    )
    users = list(User.objects.filter(email__startswith="citizen-contact-").order_by("email"))
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users],
        batch_size=BATCH,
    )
    return users


# --- Requests -----------------------------------------------------------------------------------


def _text(rng: random.Random, pool: list[str], topic: str) -> str:
    return rng.choice(pool).format(topic=topic)


def _age(rng: random.Random, low: float, high: float) -> timedelta:
    """How long ago, between ``low`` and ``high`` days, more of them recent."""
    return timedelta(days=low + (high - low) * rng.random() ** 1.6)


def _working(rng: random.Random, place: Place, *, late: bool | None = None) -> int:
    """Working seconds staff took to act: mostly well within the inbox's service level, about
    one in eight beyond it (or as asked)."""
    level = place.inbox.response_hours * 3600
    if late is None:
        late = rng.random() < 0.12
    share = rng.uniform(1.05, 2.2) if late else min(math.exp(rng.gauss(-1.0, 0.5)), 0.98)
    return max(int(level * share), 600)


def _build(
    rng: random.Random, now: datetime, place: Place, fate: str, citizen: User, **forced
) -> Built:
    """One request in the state ``fate``, with times that agree with each other and ``now``."""
    for _attempt in range(50):
        built = _attempt_build(rng, now, place, fate, citizen, **forced)
        if built is not None:
            return built
    raise RuntimeError(f"could not place a demo request in state {fate}")


def _attempt_build(
    rng: random.Random,
    now: datetime,
    place: Place,
    fate: str,
    citizen: User,
    *,
    created: datetime | None = None,
    overdue: bool | None = None,
    rating: int | None = None,
) -> Built | None:
    inbox, calendar = place.inbox, place.calendar
    kind = rng.choices(list(place.kinds), list(place.kinds.values()))[0]
    topic = rng.choice(place.topics)
    body = _text(rng, BODIES[kind], topic)
    staff = place.responder if rng.random() < 0.8 else place.manager
    level = inbox.response_hours * 3600
    if created is None:
        window = {"received": (0, 3), "assigned": (0, 8), "in_progress": (0, 15)}
        created = now - _age(rng, *window.get(fate, (1, HISTORY_DAYS)))
        if fate in ("answered", "reopened", "waiting"):
            created = now - _age(rng, 1, 16)
    due = add_working_seconds(created, level, calendar)
    request = Request(
        agency=inbox.agency,
        inbox=inbox,
        citizen=citizen,
        kind=kind,
        subject=_text(rng, SUBJECTS[kind], topic),
        body=body,
        consent_publish=inbox.answers_publishable and rng.random() < 0.4,
        created_at=created,
    )
    built = Built(request, [(MessageRole.CITIZEN, citizen, body, created)])
    request.updated_at = created

    if fate in ("received", "assigned", "in_progress"):
        if overdue is not None and (due < now) != overdue:
            return None
        request.status = fate
        request.assigned_to = None if fate == "received" else staff
        _running(request, due, now, calendar)
        if fate == "in_progress" and rng.random() < 0.4:
            noted = min(created + timedelta(hours=rng.uniform(1, 30)), now)
            built.messages.append((MessageRole.NOTE, staff, rng.choice(NOTES), noted))
            request.updated_at = noted
        return built

    if fate == "waiting":
        asked = add_working_seconds(created, int(_working(rng, place, late=False) * 0.6), calendar)
        if asked >= now:
            return None
        request.status, request.assigned_to = Status.WAITING, staff
        request.first_response_at = asked
        request.remaining_seconds = working_seconds_between(asked, due, calendar)
        built.messages.append((MessageRole.STAFF, staff, _text(rng, ASKS, topic), asked))
        request.updated_at = asked
        return built

    # Answered: directly, or after asking the citizen for more and their reply.
    deadline = due
    first = None
    if rng.random() < 0.15:
        first = add_working_seconds(created, int(_working(rng, place, late=False) * 0.4), calendar)
        replied = first + timedelta(hours=rng.uniform(2, 72))
        left = working_seconds_between(first, due, calendar)
        deadline = add_working_seconds(replied, left, calendar)
        built.messages += [
            (MessageRole.STAFF, staff, _text(rng, ASKS, topic), first),
            (MessageRole.CITIZEN, citizen, rng.choice(REPLIES), replied),
        ]
        answered = add_working_seconds(replied, int(left * rng.uniform(0.2, 1.3)), calendar)
    else:
        answered = add_working_seconds(created, _working(rng, place), calendar)
    if answered >= now - timedelta(minutes=30):
        return None
    request.assigned_to = staff
    request.first_response_at = first or answered
    request.answered_at = answered
    request.answered_late = answered > deadline
    # The scan tells the manager once a request passes its deadline (the chain's level 1).
    request.escalation_level = 1 if request.answered_late else 0
    request.warned = request.answered_late or rng.random() < 0.2
    built.messages.append((MessageRole.STAFF, staff, _text(rng, ANSWERS, topic), answered))
    request.updated_at = answered
    request.status = Status.ANSWERED

    if fate == "answered":
        if now - answered > timedelta(days=services.REOPEN_DAYS):
            return None
        return built
    if fate == "reopened":
        reopened = answered + timedelta(hours=rng.uniform(3, 96))
        if reopened >= now or reopened - answered > timedelta(days=services.REOPEN_DAYS):
            return None
        built.messages.append((MessageRole.CITIZEN, citizen, rng.choice(REOPENS), reopened))
        request.status = Status.IN_PROGRESS
        request.reopen_count = 1
        request.escalation_level, request.warned = 0, False
        _running(request, add_working_seconds(reopened, level, calendar), now, calendar)
        request.updated_at = reopened
        return built
    # Closed: by the citizen's rating (which closes it), or by staff some days later.
    if rating is not None or rng.random() < 0.7:
        closed = answered + timedelta(hours=rng.uniform(1, 120))
        request.rating = rating or rng.choices(range(1, 6), [1, 1, 2, 4, 6])[0]
        request.rating_comment = rng.choice(RATING_COMMENTS)
    else:
        closed = answered + timedelta(days=rng.uniform(3, 14))
    if closed >= now:
        return None
    request.status, request.closed_at, request.updated_at = Status.CLOSED, closed, closed
    return built


def _running(request: Request, due: datetime, now: datetime, calendar: WorkingTime) -> None:
    """The clock runs: the deadline, and what the escalation scan would have done by now."""
    request.due_at = due
    request.warned = due <= add_working_seconds(now, WARN_HOURS * 3600, calendar)
    request.escalation_level = 1 if due <= now else 0


def _merged(rng: random.Random, now: datetime, built: list[Built]) -> list[Built]:
    """Citizens who wrote twice about the same thing: the second request is merged into the
    first, still open or answered, by the inbox's staff within a day."""
    targets = [
        b
        for b in built
        if b.request.status in (Status.ASSIGNED, Status.IN_PROGRESS, Status.ANSWERED)
    ]
    rng.shuffle(targets)
    merged = []
    for target in targets[: int(len(built) * MERGED_SHARE)]:
        original = target.request
        created = original.created_at + timedelta(hours=rng.uniform(2, 48))
        closed = created + timedelta(hours=rng.uniform(1, 20))
        if closed >= now:
            continue
        duplicate = Request(
            agency=original.agency,
            inbox=original.inbox,
            citizen=original.citizen,
            kind=original.kind,
            subject=original.subject,
            body=original.body,
            status=Status.CLOSED,
            assigned_to=original.assigned_to,
            closed_at=closed,
            created_at=created,
            updated_at=closed,
        )
        merged.append(
            Built(
                duplicate,
                [(MessageRole.CITIZEN, original.citizen, original.body, created)],
                merged_into=target,
            )
        )
    return merged


def _citizen_requests(
    rng: random.Random, now: datetime, demo: DemoContext, places: list[Place]
) -> list[Built]:
    """What ``citizen@demo.musharaka.sa`` sees under “My requests”: one request in each state,
    across agencies (and one, still being handled, that the demo transfers to another)."""
    me = demo.citizens[0]
    by_key = {(p.inbox.agency.slug, p.inbox.slug): p for p in places}
    wanted = [
        ("yesser", "enquiries", "answered", {}),
        ("moh", "complaints", "waiting", {}),
        ("mcit", "enquiries", "closed", {"rating": 4}),
        ("momah", "complaints", "in_progress", {"overdue": True}),
        ("moe", "enquiries", "received", {"created": now - timedelta(hours=3)}),
        ("riyadh", "complaints", "assigned", {"overdue": False}),
        ("yesser", "complaints", "in_progress", {"overdue": False}),  # transferred below
    ]
    mine = [
        _build(rng, now, by_key[(agency, inbox)], fate, me, **forced)
        for agency, inbox, fate, forced in wanted
    ]
    original = mine[5].request
    duplicate_at = original.created_at + timedelta(minutes=40)
    duplicate = Request(
        agency=original.agency,
        inbox=original.inbox,
        citizen=me,
        kind=original.kind,
        subject=original.subject,
        body=original.body,
        status=Status.CLOSED,
        assigned_to=original.assigned_to,
        closed_at=min(duplicate_at + timedelta(hours=5), now),
        created_at=duplicate_at,
        updated_at=min(duplicate_at + timedelta(hours=5), now),
    )
    mine.append(Built(duplicate, [(MessageRole.CITIZEN, me, original.body, duplicate_at)], mine[5]))
    return mine


def _save(built: list[Built]) -> None:
    """Insert the requests in the order they were sent (so tracking numbers grow with time),
    then their numbers, merge pointers and conversations."""
    built.sort(key=lambda b: b.request.created_at)
    with own_timestamps(Request, Message):
        Request.objects.bulk_create([b.request for b in built], batch_size=BATCH)
        for b in built:
            b.request.number = services.tracking_number(b.request)
            if b.merged_into is not None:
                b.request.merged_into = b.merged_into.request
        rows_update(
            Request, [b.request for b in built], ["number", "merged_into"], using=DEFAULT_DB_ALIAS
        )
        messages = []
        for b in built:
            request = b.request
            for role, author, body, at in b.messages:
                messages.append(
                    Message(request=request, role=role, author=author, body=body, created_at=at)
                )
            if b.merged_into is not None:
                into = b.merged_into.request
                staff = request.assigned_to
                messages += [
                    Message(
                        request=request,
                        role=MessageRole.SYSTEM,
                        author=staff,
                        body=_("Merged into request %(number)s, where it will be answered.")
                        % {"number": into.number},
                        created_at=max(request.closed_at, request.created_at),
                    ),
                    Message(
                        request=into,
                        role=MessageRole.SYSTEM,
                        author=staff,
                        body=_("Request %(number)s was merged into this one.")
                        % {"number": request.number},
                        # never before the request it joins was sent (dates are drawn apart)
                        created_at=max(request.closed_at, into.created_at),
                    ),
                ]
        messages.sort(key=lambda m: m.created_at)
        Message.objects.bulk_create(messages, batch_size=BATCH)


def _working_times(places: list[Place]) -> None:
    """The working time to each request's first response, answer and closing, as the services
    record it when it happens (worked out from the conversations just saved)."""
    calendars = {place.inbox.agency_id: place.calendar for place in places}
    durations.fill(
        Request.objects.filter(agency_id__in=calendars),
        Message.objects.all(),
        calendars.__getitem__,
    )


def _transfer(demo: DemoContext, places: list[Place], mine: list[Built]) -> None:
    """The citizen account's complaint to Yesser belongs to SDAIA: Yesser's responder
    transfers it, through the service (new number there, conversation carried over)."""
    request = next(
        b.request
        for b in mine
        if b.request.agency.slug == "yesser" and b.request.inbox.slug == "complaints"
    )
    to_inbox = next(
        p.inbox for p in places if p.inbox.agency.slug == "sdaia" and p.inbox.slug == "enquiries"
    )
    services.request_transfer(
        actor=demo.staff[("yesser", "responder")],
        request=request,
        to_inbox=to_inbox,
        reason="الموضوع من اختصاص الهيئة السعودية للبيانات والذكاء الاصطناعي.",
    )


def _publish(demo: DemoContext, places: list[Place], rng: random.Random) -> None:
    """Three answered questions per agency on its public Q&A page, through the services: the
    manager rewrites each without personal details, the moderator publishes two; the third
    waits in the moderation queue."""
    limits = {"user": {"limit": 10_000, "period": 600}, "ip": {"limit": 10_000, "period": 600}}
    with override_settings(MUSHARAKA_CONTRIBUTION_RATE_LIMITS=limits):
        for place in places:
            if not place.inbox.answers_publishable:
                continue
            slug = place.inbox.agency.slug
            candidates = list(
                Request.objects.filter(
                    inbox=place.inbox,
                    consent_publish=True,
                    kind=Kind.QUESTION,
                    status=Status.CLOSED,
                    merged_into=None,
                    answered_at__isnull=False,
                )
                .select_related("agency", "inbox")
                .order_by("-answered_at")[:3]
            )
            for n, request in enumerate(candidates):
                question, answer = PUBLISHED[n]
                topic = place.topics[n]
                published = services.answer_publish(
                    actor=place.manager,
                    request=request,
                    question=question.format(topic=topic),
                    answer=answer,
                )
                if n < 2:
                    contribution_approve(
                        actor=demo.staff[(slug, "moderator")], contribution=published.contribution
                    )
