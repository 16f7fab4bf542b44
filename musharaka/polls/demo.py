"""Demo polls and surveys: Yesser's open quick poll on the channels people prefer (answered live,
mostly without signing in); the Ministry of Communications' closed survey on digital services,
with about three thousand responses, free-text answers put forward publicly and the ministry's
statement of what it will do; a scheduled poll (Education) and a draft survey (Municipalities).

The polls, their questions, publishing, closing and the statement go through the services, as do
a few dozen respondents (those whose answers are shown publicly, through the participation
pipeline). The thousands of other responses are inserted in bulk for speed, but built by the same
parser and visibility rule the services use, so each row is what answering the form would store.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from musharaka.core.demo import DEMO_PASSWORD, FAMILY_NAMES, FIRST_NAMES, DemoContext, demo_email
from musharaka.core.models import ParticipantType, Representation, RepresentationStatus, User
from musharaka.notifications.models import Notification
from musharaka.participation import selectors as participation_selectors
from musharaka.participation.models import Contribution
from musharaka.polls import answers as answer_values
from musharaka.polls import services
from musharaka.polls.models import (
    Answer,
    Audience,
    Poll,
    PollKind,
    Question,
    QuestionKind,
    Response,
    ResponseStatus,
    ResultsPolicy,
)

# Plain citizen accounts who answer the survey (and some the quick poll), beside the
# representatives and citizens the core demo creates.
CITIZENS = 2_800
ANONYMOUS_VOTES = 1_600
# Survey respondents who answer through the services, asking for their text to be shown.
PUBLIC_TEXTS = 40
# Share of survey respondents who saved the first page and never came back.
ABANDONED = 0.025
BATCH = 2_000

Form = dict[str, list[str]]

# --- Yesser: an open quick poll -------------------------------------------------------------

CHANNEL_POLL = {
    "title_ar": "القناة المفضّلة للتواصل مع الجهات الحكومية",
    "title_en": "Preferred channel for contacting government agencies",
    "intro_ar": "يعمل برنامج يسّر مع الجهات الحكومية على تطوير قنوات التواصل مع المستفيدين. "
    "أخبرنا بالقناة التي تفضّلها، وتظهر النتائج مباشرةً طوال مدة الاستطلاع.",
    "intro_en": "Yesser is working with government agencies to improve how they keep in touch "
    "with the people they serve. Tell us which channel you prefer; the results are shown live "
    "while the poll is open.",
}
CHANNEL_QUESTION = (
    "ما القناة التي تفضّلها للتواصل مع الجهات الحكومية؟",
    "Which channel do you prefer for contacting government agencies?",
)
# (label ar, label en, weight without signing in, weight signed in)
CHANNELS = [
    ("تطبيقات الجوال الخاصة بالجهات", "The agencies' mobile apps", 36, 30),
    ("البوابات والمواقع الإلكترونية", "Web portals and websites", 21, 33),
    ("مركز الاتصال الموحّد", "The unified call centre", 13, 9),
    ("وسائل التواصل الاجتماعي", "Social media", 22, 14),
    ("الحضور إلى مقر الجهة", "Visiting the agency in person", 8, 14),
]

# --- Ministry of Communications: a closed survey --------------------------------------------

SURVEY = {
    "title_ar": "استبيان رضا المستفيدين عن الخدمات الحكومية الرقمية",
    "title_en": "Satisfaction with government digital services",
    "intro_ar": "تقيس وزارة الاتصالات وتقنية المعلومات رضا المستفيدين عن الخدمات الحكومية "
    "الرقمية لتحديد أولويات التطوير في العام القادم. يستغرق الاستبيان نحو خمس دقائق، وتُنشر "
    "نتائجه بعد إغلاقه.",
    "intro_en": "The Ministry is measuring how satisfied people are with government digital "
    "services, to set next year's priorities for improvement. The survey takes about five "
    "minutes; its results are published once it closes.",
}


def _opts(*pairs: tuple[str, str]) -> list[dict]:
    return [{"label_ar": ar, "label_en": en} for ar, en in pairs]


# key -> (question data, options)
SURVEY_QUESTIONS: list[tuple[str, dict, list[dict] | None]] = [
    ("device", {
        "kind": QuestionKind.SINGLE, "page": 1,
        "text_ar": "ما الجهاز الذي تستخدمه غالبًا للوصول إلى الخدمات الحكومية الرقمية؟",
        "text_en": "Which device do you mostly use for government digital services?",
    }, _opts(("الجوال", "Mobile phone"), ("الحاسب المكتبي أو المحمول", "Desktop or laptop"),
             ("الجهاز اللوحي", "Tablet"))),
    ("services", {
        "kind": QuestionKind.MULTIPLE, "page": 1, "min_choices": 1, "max_choices": 3,
        "text_ar": "ما الخدمات الرقمية التي استخدمتها خلال العام الماضي؟",
        "text_en": "Which digital services have you used in the past year?",
        "help_ar": "اختر من خدمة واحدة إلى ثلاث خدمات.",
        "help_en": "Choose one to three.",
    }, _opts(("إصدار الوثائق وتجديدها", "Issuing and renewing documents"),
             ("حجز المواعيد", "Booking appointments"),
             ("سداد الرسوم والمخالفات", "Paying fees and fines"),
             ("تقديم الشكاوى والبلاغات", "Complaints and reports"),
             ("الخدمات الصحية", "Health services"),
             ("الخدمات التعليمية", "Education services"))),
    ("ease", {
        "kind": QuestionKind.SCALE, "page": 1, "scale_min": 1, "scale_max": 5,
        "text_ar": "ما مدى رضاك عن سهولة استخدام الخدمات الحكومية الرقمية؟",
        "text_en": "How satisfied are you with how easy government digital services are to use?",
        "low_label_ar": "غير راضٍ إطلاقًا", "low_label_en": "Not at all satisfied",
        "high_label_ar": "راضٍ جدًا", "high_label_en": "Very satisfied",
    }, None),
    ("priorities", {
        "kind": QuestionKind.RANKING, "page": 1,
        "text_ar": "رتّب ما يهمك في الخدمة الرقمية من الأهم (1) إلى الأقل أهمية",
        "text_en": "Rank what matters most to you in a digital service, from most important (1)",
    }, _opts(("سرعة الإنجاز", "Speed"), ("وضوح الخطوات", "Clear steps"),
             ("حماية البيانات الشخصية", "Protection of personal data"),
             ("توفر الخدمة على مدار الساعة", "Available around the clock"))),
    ("uses", {
        "kind": QuestionKind.NUMBER, "page": 1, "required": False,
        "number_min": 0, "number_max": 100,
        "text_ar": "كم مرة استخدمت خدمة حكومية رقمية خلال الشهر الماضي؟",
        "text_en": "How many times did you use a government digital service last month?",
    }, None),
    ("difficulty", {
        "kind": QuestionKind.SINGLE, "page": 1,
        "text_ar": "هل واجهت صعوبة أثناء استخدام إحدى الخدمات الحكومية الرقمية؟",
        "text_en": "Did you have difficulty using a government digital service?",
    }, _opts(("نعم", "Yes"), ("لا", "No"))),
    ("last_used", {
        "kind": QuestionKind.DATE, "page": 2, "required": False,
        "text_ar": "متى استخدمت آخر خدمة حكومية رقمية؟",
        "text_en": "When did you last use a government digital service?",
        "help_ar": "يكفي تاريخ تقريبي.", "help_en": "An approximate date is fine.",
    }, None),
    ("aspects", {
        "kind": QuestionKind.MATRIX, "page": 2, "scale_min": 0, "scale_max": 10,
        "text_ar": "قيّم كل جانب من جوانب الخدمات الحكومية الرقمية من 0 إلى 10",
        "text_en": "Rate each aspect of government digital services from 0 to 10",
        "low_label_ar": "ضعيف جدًا", "low_label_en": "Very poor",
        "high_label_ar": "ممتاز", "high_label_en": "Excellent",
    }, _opts(("التصميم وسهولة التنقل", "Design and navigation"),
             ("وضوح المحتوى والتعليمات", "Clear content and instructions"),
             ("سرعة الاستجابة", "Response time"),
             ("الدعم الفني", "Technical support"))),
    ("wished", {
        "kind": QuestionKind.SHORT_TEXT, "page": 2, "required": False,
        "text_ar": "ما الخدمة التي تودّ أن تصبح رقمية بالكامل؟",
        "text_en": "Which service would you like to become fully digital?",
    }, None),
    ("suggestion", {
        "kind": QuestionKind.LONG_TEXT, "page": 2, "answers_public": True,
        "text_ar": "صف الصعوبة التي واجهتك، وما تقترحه لتحسين الخدمة",
        "text_en": "Describe the difficulty you had and what you suggest to improve the service",
        "help_ar": "إذا اخترت نشر إجابتك فقد تظهر في صفحة النتائج بعد مراجعتها، فلا تذكر فيها "
        "بيانات شخصية.",
        "help_en": "If you choose to share your answer it may be shown on the results page after "
        "review, so do not include personal data.",
    }, None),
]  # fmt: skip
# Shown only to those who answered "Yes" to "difficulty".
CONDITION = ("suggestion", "difficulty", 0)

DEVICE_WEIGHTS = [72, 23, 5]
SERVICE_WEIGHTS = [30, 34, 28, 12, 24, 14]
PRIORITY_WEIGHTS = [40, 25, 22, 13]
EASE_WEIGHTS = {True: [12, 22, 30, 25, 11], False: [2, 5, 15, 42, 36]}  # by difficulty
ASPECT_MEANS = [7.6, 7.1, 6.4, 5.2]
USES = [0, 1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 30]
USES_WEIGHTS = [4, 14, 18, 15, 11, 10, 7, 6, 6, 3, 3, 2, 1]
WISHED = [
    "تصديق الوثائق والشهادات",
    "نقل ملكية العقار",
    "استخراج رخصة البناء",
    "تسجيل المواليد",
    "معادلة الشهادات الجامعية",
    "حجز موعد في المستشفى",
    "تجديد رخصة المحل التجاري",
    "طلب الإعفاء من الرسوم",
    "الاعتراض على المخالفات المرورية",
]
DIFFICULTIES = [
    "انتهت صلاحية الجلسة أثناء رفع المرفقات فضاع كل ما أدخلته",
    "رُفض طلبي دون رسالة واضحة توضح السبب",
    "رمز التحقق يصل متأخرًا فتنتهي صلاحيته قبل إدخاله",
    "الخدمة لا تعمل جيدًا على متصفح الجوال",
    "اضطررت إلى إدخال البيانات نفسها أكثر من مرة في خطوات مختلفة",
    "لم أجد طريقة لمتابعة حالة الطلب بعد تقديمه",
    "لم تُذكر صيغ الملفات المقبولة إلا بعد فشل الرفع",
    "انتظرت طويلًا في المحادثة مع الدعم الفني دون رد",
    "بعض الحقول لا تقبل الأرقام العربية",
    "تتوقف الخدمة للصيانة في أوقات الذروة",
]
SUGGESTIONS = [
    "وأقترح حفظ الطلب تلقائيًا ليمكن استكماله لاحقًا.",
    "وأقترح بيان سبب الرفض وخطوات التصحيح في رسالة واحدة.",
    "وأقترح إتاحة التحقق عبر تطبيق الهوية الرقمية بدل الرسائل النصية.",
    "وأقترح اختبار الخدمات على الجوال قبل إطلاقها.",
    "وأقترح جلب البيانات المتوفرة لدى الجهات الأخرى تلقائيًا.",
    "وأقترح إرسال إشعار عند كل تغيّر في حالة الطلب.",
    "وأقترح ذكر الصيغ والأحجام المقبولة بجانب زر الرفع.",
    "وأقترح تحديد مدة قصوى للرد في المحادثة والإعلان عنها.",
    "وأقترح قبول الأرقام العربية والإنجليزية في جميع الحقول.",
    "وأقترح جدولة الصيانة ليلًا والإعلان عنها مسبقًا.",
]
AFTERWORDS = [
    "",
    " وقد تكرر ذلك معي أكثر من مرة.",
    " واضطررت بسببه إلى مراجعة الجهة حضوريًا.",
    " وأتمنى معالجة ذلك في أقرب وقت.",
    " وشكرًا لكم على إتاحة هذا الاستبيان.",
]
STATEMENT_AR = (
    "نشكر %(n)s مشاركًا ومشاركة أجابوا عن الاستبيان. أظهرت النتائج أن %(mobile)s٪ منهم يصلون "
    "إلى الخدمات الحكومية الرقمية عبر الجوال، وأن «%(lowest_ar)s» هو الجانب الأقل تقييمًا، "
    "وأن %(difficulty)s٪ واجهوا صعوبة أثناء استخدام إحدى الخدمات.\n\n"
    "وبناءً على ذلك ستعمل الوزارة مع الجهات الحكومية خلال الأشهر الستة القادمة على:\n\n"
    "- اشتراط تصميم الخدمات الجديدة للجوال أولًا واختبارها عليه قبل إطلاقها.\n"
    "- إطلاق قناة موحّدة للدعم الفني بالمحادثة الفورية، بمدة رد قصوى معلنة.\n"
    "- حفظ الطلبات غير المكتملة تلقائيًا، وإشعار المستفيد بكل تغيّر في حالة طلبه.\n"
    "- نشر مؤشرات رضا المستفيدين لكل جهة كل ثلاثة أشهر.\n\n"
    "وسنعيد هذا الاستبيان بعد عام لقياس أثر هذه الإجراءات."
)
STATEMENT_EN = (
    "Thank you to the %(n)s people who answered the survey. %(mobile)s%% of them reach "
    "government digital services on a mobile phone, “%(lowest_en)s” is the aspect rated lowest, "
    "and %(difficulty)s%% had difficulty using a service.\n\n"
    "Over the next six months the Ministry will work with government agencies to:\n\n"
    "- require new services to be designed for mobile first and tested on it before launch;\n"
    "- open one technical support channel with live chat and a published maximum response "
    "time;\n"
    "- keep unfinished applications automatically, and tell applicants of every change in "
    "their application's status;\n"
    "- publish each agency's satisfaction indicators every three months.\n\n"
    "We will run this survey again in a year to measure the effect of these measures."
)

# --- Education: a scheduled quick poll; Municipalities: a draft survey ----------------------

SCHOOL_POLL = {
    "title_ar": "تواصل المدرسة مع أولياء الأمور",
    "title_en": "How schools keep parents informed",
    "intro_ar": "تدرس الوزارة توحيد قنوات إشعار أولياء الأمور بما يخص أبناءهم في المدارس.",
    "intro_en": "The Ministry is considering one common way for schools to notify parents about "
    "their children.",
}
SCHOOL_QUESTION = (
    "ما الوسيلة التي تفضّلها لتلقي إشعارات المدرسة عن أبنائك؟",
    "How would you like to receive school notices about your children?",
    _opts(("تطبيق جوال", "A mobile app"), ("الرسائل النصية", "Text messages"),
          ("البريد الإلكتروني", "Email"), ("منصة التعليم الإلكترونية", "The e-learning platform")),
)  # fmt: skip
PARKS_SURVEY = {
    "title_ar": "استبيان الحدائق والمساحات الخضراء في الأحياء",
    "title_en": "Neighbourhood parks and green spaces",
    "intro_ar": "نود معرفة رأيك في حدائق حيّك وما تحتاج إليه من مرافق.",
    "intro_en": "Tell us what you think of your neighbourhood's parks and what they need.",
}
PARKS_QUESTIONS: list[tuple[dict, list[dict] | None]] = [
    ({"kind": QuestionKind.SINGLE, "text_ar": "كم مرة تزور حديقة الحي؟",
      "text_en": "How often do you visit your neighbourhood park?"},
     _opts(("يوميًا", "Daily"), ("أسبوعيًا", "Weekly"), ("شهريًا", "Monthly"),
           ("نادرًا", "Rarely"))),
    ({"kind": QuestionKind.SCALE, "scale_min": 1, "scale_max": 5,
      "text_ar": "ما مدى رضاك عن نظافة الحدائق وصيانتها؟",
      "text_en": "How satisfied are you with how clean and well kept the parks are?",
      "low_label_ar": "غير راضٍ", "low_label_en": "Dissatisfied",
      "high_label_ar": "راضٍ جدًا", "high_label_en": "Very satisfied"}, None),
    ({"kind": QuestionKind.MULTIPLE, "max_choices": 2,
      "text_ar": "ما المرافق التي تودّ إضافتها؟", "text_en": "Which facilities would you add?"},
     _opts(("مسارات المشي", "Walking paths"), ("ملاعب الأطفال", "Children's playgrounds"),
           ("مظلات وجلسات", "Shade and seating"), ("دورات مياه", "Toilets"))),
    ({"kind": QuestionKind.LONG_TEXT, "required": False, "text_ar": "ملاحظات أخرى",
      "text_en": "Anything else?"}, None),
]  # fmt: skip


@dataclass
class Respondent:
    """Who answers, when, and what they would have typed into the form."""

    user: User | None
    token: str
    at: datetime
    form: Form
    finished: bool = True


def load(demo: DemoContext) -> None:
    rng = random.Random(5)  # the polls' own seed: their data does not shift with other apps'
    limits = {"user": {"limit": 10_000, "period": 600}, "ip": {"limit": 10_000, "period": 600}}
    with override_settings(MUSHARAKA_CONTRIBUTION_RATE_LIMITS=limits):
        citizens = _new_citizens(rng)
        _channel_poll(demo, rng, citizens)
        _satisfaction_survey(demo, rng, citizens)
        _school_poll(demo)
        _parks_draft(demo)


def _new_citizens(rng: random.Random) -> list[User]:
    """Plain citizen accounts (verified email, the demo password hashed once)."""
    password = make_password(DEMO_PASSWORD)
    emails = [demo_email(f"citizen-poll-{i:04d}") for i in range(1, CITIZENS + 1)]
    User.objects.bulk_create(
        [
            User(
                email=email,
                full_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(FAMILY_NAMES)}",
                password=password,
            )
            for email in emails
        ],
        batch_size=BATCH,
    )
    users = list(User.objects.filter(email__startswith="citizen-poll-").order_by("email"))
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users],
        batch_size=BATCH,
    )
    return users


# --- Building through the services ----------------------------------------------------------


def _create(demo: DemoContext, slug: str, kind: str, settings: dict, **dates) -> Poll:
    return services.poll_create(
        actor=demo.staff[(slug, "editor")],
        agency=demo.agencies[slug],
        kind=kind,
        data={"anonymous_results": False, **settings, **dates},
    )


def _add(demo: DemoContext, poll: Poll, data: dict, options: list[dict] | None) -> Question:
    return services.question_add(
        actor=demo.staff[(poll.agency.slug, "editor")], poll=poll, data=data, options=options
    )


def _questions(poll: Poll) -> list[Question]:
    return list(poll.questions.prefetch_related("options"))


def _publish(demo: DemoContext, poll: Poll, *, published_at: datetime | None = None) -> None:
    services.poll_publish(actor=demo.staff[(poll.agency.slug, "editor")], poll=poll)
    if published_at is not None:
        Poll.objects.filter(pk=poll.pk).update(published_at=published_at)


# --- Answers: form data, turned into rows the way the services do ---------------------------


def _participants() -> dict[int, tuple[str, int | None]]:
    """Each user's participant type and agency, as ``response_start`` finds them for a poll
    that is not for invited agencies: the newest confirmed representation, else a citizen."""
    found: dict[int, tuple[str, int | None]] = {}
    for r in Representation.objects.filter(status=RepresentationStatus.CONFIRMED).order_by(
        "-decided_at", "-id"
    ):
        found.setdefault(r.user_id, (r.kind, r.agency_id))
    return found


ANSWER_COLUMNS = (
    "response",
    "poll",
    "question",
    "option",
    "value",
    "number",
    "date",
    "text",
    "final",
    "participant_type",
)


def _answer_rows(response: Response, questions: list[Question], form: Form, *, final: bool):
    """The ``Answer`` rows (as ``ANSWER_COLUMNS`` tuples) answering ``form`` stores: parsed by
    the services' parser, without the questions a condition hides, every shown required
    question answered."""
    parsed = {q.pk: answer_values.parse(q, form) for q in questions}
    chosen = {v.option_id for values in parsed.values() for v in values if v.option_id}
    adapt_date = connection.ops.adapt_datefield_value
    rows = []
    for q in questions:
        if q.show_if_id is not None and q.show_if_id not in chosen:
            continue
        if q.required and not parsed[q.pk]:
            raise ValueError(f"demo response leaves required question {q.pk} unanswered")
        rows += [
            (
                response.pk,
                response.poll_id,
                q.pk,
                v.option_id,
                v.value,
                v.number,
                adapt_date(v.date),
                v.text,
                final,
                response.participant_type,
            )
            for v in parsed[q.pk]
        ]
    return rows


def _insert(poll: Poll, respondents: list[Respondent], duration: tuple[int, int], rng) -> None:
    """Responses and their answers in bulk; then the poll's count of submitted responses."""
    questions = _questions(poll)
    pages = sorted({q.page for q in questions})
    people = _participants()
    responses = []
    for r in respondents:
        kind, agency_id = (
            people.get(r.user.pk, (ParticipantType.CITIZEN, None))
            if r.user
            else (ParticipantType.CITIZEN, None)
        )
        responses.append(
            Response(
                poll=poll,
                respondent=r.user,
                token=r.token,
                participant_type=kind,
                on_behalf_of_id=agency_id,
                status=ResponseStatus.SUBMITTED if r.finished else ResponseStatus.DRAFT,
                # Abandoned: saved the first page, so the form reopens on the second.
                page=pages[-1] if r.finished else pages[1],
                submitted_at=r.at if r.finished else None,
            )
        )
    Response.objects.bulk_create(responses, batch_size=BATCH)
    rows, started = [], []
    adapt = connection.ops.adapt_datetimefield_value
    for response, r in zip(responses, respondents, strict=True):
        shown = questions if r.finished else [q for q in questions if q.page == pages[0]]
        rows += _answer_rows(response, shown, r.form, final=r.finished)
        # started_at is set to "now" on insert; put it back before the answer was sent.
        started.append((adapt(r.at - timedelta(seconds=rng.randint(*duration))), response.pk))
    _execute(
        f"UPDATE {_table(Response)} SET started_at = %s WHERE {_column(Response._meta.pk)} = %s",
        started,
    )
    _insert_rows(Answer, ANSWER_COLUMNS, rows)
    _recount(poll)


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _column(field) -> str:
    return connection.ops.quote_name(field.column)


def _insert_rows(model, fields: tuple[str, ...], rows: list[tuple]) -> None:
    """Plain INSERTs: tens of thousands of answers in a second, where the ORM would build and
    compile a model object per row."""
    columns = ", ".join(_column(model._meta.get_field(f)) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    _execute(f"INSERT INTO {_table(model)} ({columns}) VALUES ({placeholders})", rows)


def _execute(sql: str, rows: list[tuple]) -> None:
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start : start + BATCH])


def _recount(poll: Poll) -> None:
    submitted = Response.objects.filter(poll=poll, status=ResponseStatus.SUBMITTED).count()
    Poll.objects.filter(pk=poll.pk).update(response_count=submitted)


def _moments(rng, start: datetime, end: datetime, count: int) -> list[datetime]:
    """When people answered, in order: most in the first days, a smaller wave near the end
    (the reminder), none in the last minutes."""
    span = (end - start).total_seconds() - 600

    def share() -> float:
        if rng.random() < 0.18:
            return 1 - 0.12 * rng.random()
        return rng.random() ** 2.2

    return sorted(start + timedelta(seconds=span * share()) for _ in range(count))


# --- The open quick poll --------------------------------------------------------------------


def _channel_poll(demo: DemoContext, rng: random.Random, citizens: list[User]) -> None:
    now = timezone.now()
    opens = now - timedelta(days=12)
    poll = _create(
        demo,
        "yesser",
        PollKind.QUICK,
        {
            **CHANNEL_POLL,
            "audience": Audience.EVERYONE,
            "results_policy": ResultsPolicy.LIVE,
        },
        opens_at=opens,
        closes_at=now + timedelta(days=18),
    )
    text_ar, text_en = CHANNEL_QUESTION
    question = _add(
        demo,
        poll,
        {"kind": QuestionKind.SINGLE, "text_ar": text_ar, "text_en": text_en},
        _opts(*[(ar, en) for ar, en, _w, _s in CHANNELS]),
    )
    _publish(demo, poll, published_at=opens - timedelta(days=1))
    options = [o.pk for o in question.options.all()]
    anonymous_weights = [c[2] for c in CHANNELS]
    signed_in_weights = [c[3] for c in CHANNELS]
    # Signed in: two representatives in three (rep001, rep004... are left to try it), the
    # numbered demo citizens and some of the survey's citizens; citizen@ is left to try it too.
    signed_in = (
        [u for i, u in enumerate(demo.representatives) if i % 3]
        + [u for u in demo.citizens if u.email != demo_email("citizen")]
        + citizens[:300]
    )
    people: list[User | None] = [*signed_in, *[None] * ANONYMOUS_VOTES]
    rng.shuffle(people)

    def vote(user: User | None) -> Form:
        weights = signed_in_weights if user else anonymous_weights
        return {answer_values.field_name(question): [str(rng.choices(options, weights)[0])]}

    respondents = [
        Respondent(user=user, token="" if user else services.new_token(), at=at, form=vote(user))
        for user, at in zip(people, _moments(rng, opens, now, len(people)), strict=True)
    ]
    _insert(poll, respondents, (5, 90), rng)


# --- The closed survey ----------------------------------------------------------------------


@dataclass
class _Survey:
    questions: dict[str, Question]

    def options(self, key: str) -> list[int]:
        return [o.pk for o in self.questions[key].options.all()]

    def name(self, key: str, option: int | None = None) -> str:
        return answer_values.field_name(self.questions[key], option)


def _build_survey(demo: DemoContext, opens: datetime) -> tuple[Poll, _Survey]:
    poll = _create(
        demo,
        "mcit",
        PollKind.SURVEY,
        {
            **SURVEY,
            "audience": Audience.SIGNED_IN,
            "results_policy": ResultsPolicy.AFTER_CLOSE,
        },
        opens_at=opens,
        closes_at=timezone.now() + timedelta(days=1),  # closed early, below
    )
    made: dict[str, Question] = {}
    target, source, option_index = CONDITION
    for key, data, options in SURVEY_QUESTIONS:
        if key == target:
            data = {**data, "show_if": made[source].options.all()[option_index]}
        made[key] = _add(demo, poll, data, options)
    _publish(demo, poll, published_at=opens - timedelta(days=2))
    poll.refresh_from_db()
    by_pk = {q.pk: q for q in _questions(poll)}
    return poll, _Survey({k: by_pk[q.pk] for k, q in made.items()})


def _suggestion(n: int) -> str:
    """A respondent's difficulty and suggestion; ``n`` picks one of 50 wordings."""
    i, extra = n % len(DIFFICULTIES), (n // len(DIFFICULTIES)) % len(AFTERWORDS)
    return f"{DIFFICULTIES[i]}، {SUGGESTIONS[i]}{AFTERWORDS[extra]}"


def _survey_form(
    rng: random.Random, s: _Survey, at: datetime, *, difficulty: bool | None = None, n: int = 0
) -> Form:
    """One respondent's answers, as the form would send them."""
    if difficulty is None:
        difficulty = rng.random() < 0.32
    form: Form = {}
    form[s.name("device")] = [str(rng.choices(s.options("device"), DEVICE_WEIGHTS)[0])]
    services_used = _weighted_sample(
        rng, s.options("services"), SERVICE_WEIGHTS, rng.choices([1, 2, 3], [3, 4, 3])[0]
    )
    form[s.name("services")] = [str(o) for o in services_used]
    form[s.name("ease")] = [str(rng.choices(range(1, 6), EASE_WEIGHTS[difficulty])[0])]
    ranked = _weighted_sample(rng, s.options("priorities"), PRIORITY_WEIGHTS, 4)
    for rank, option in enumerate(ranked, start=1):
        form[s.name("priorities", option)] = [str(rank)]
    if rng.random() < 0.88:
        form[s.name("uses")] = [str(rng.choices(USES, USES_WEIGHTS)[0])]
    yes, no = s.options("difficulty")
    form[s.name("difficulty")] = [str(yes if difficulty else no)]
    if rng.random() < 0.8:
        day = timezone.localtime(at).date() - timedelta(days=int(rng.expovariate(1 / 9)))
        form[s.name("last_used")] = [max(day, date(2000, 1, 1)).isoformat()]
    for row, mean in zip(s.options("aspects"), ASPECT_MEANS, strict=True):
        point = round(rng.gauss(mean - (1.6 if difficulty else 0), 1.9))
        form[s.name("aspects", row)] = [str(min(10, max(0, point)))]
    if rng.random() < 0.35:
        form[s.name("wished")] = [rng.choice(WISHED)]
    if difficulty:
        form[s.name("suggestion")] = [_suggestion(n)]
    return form


def _weighted_sample(rng: random.Random, items: list[int], weights: list[int], k: int):
    """``k`` distinct items, heavier ones more likely and earlier."""
    keyed = sorted(zip(items, weights, strict=True), key=lambda p: -(rng.random() ** (1 / p[1])))
    return [item for item, _w in keyed[:k]]


def _answer_through_services(
    poll: Poll, s: _Survey, rng: random.Random, people: list[User], opens, ends
) -> list[Form]:
    """These respondents fill in both pages and ask for their text to be shown publicly: it goes
    through the participation pipeline and is linked from their answer. Returns what they sent."""
    rules = participation_selectors.current_rules(agency=poll.agency)
    moments = _moments(rng, opens, ends, len(people))
    forms = []
    for n, (user, at) in enumerate(zip(people, moments, strict=True)):
        form = _survey_form(rng, s, at, difficulty=True, n=n)
        forms.append(form)
        response = services.response_start(actor=user, poll=poll)
        services.response_save_page(actor=user, response=response, page=1, data=form)
        services.response_save_page(
            actor=user,
            response=response,
            page=2,
            data=form,
            submit=True,
            show_publicly=True,
            accepted_rules=rules,
        )
        Response.objects.filter(pk=response.pk).update(
            started_at=at - timedelta(minutes=rng.randint(3, 12)), submitted_at=at
        )
        Contribution.objects.filter(
            pk__in=Answer.objects.filter(response=response, contribution__isnull=False).values(
                "contribution"
            )
        ).update(created_at=at, published_at=at)
    return forms


def _satisfaction_survey(demo: DemoContext, rng: random.Random, citizens: list[User]) -> None:
    now = timezone.now()
    opens, closed = now - timedelta(days=45), now - timedelta(days=10)
    poll, s = _build_survey(demo, opens)
    # A few dozen answer through the services and share their text: the demo citizen, some
    # representatives, and citizens.
    citizen = next(u for u in demo.citizens if u.email == demo_email("citizen"))
    public = [citizen, *demo.representatives[1:40:5], *citizens[: PUBLIC_TEXTS - 9]]
    shared = _answer_through_services(poll, s, rng, public, opens, closed)

    manager = demo.staff[("mcit", "manager")]
    services.poll_close(actor=manager, poll=poll)
    Poll.objects.filter(pk=poll.pk).update(closes_at=closed)
    poll.refresh_from_db()

    # Everyone else, in bulk. Generated first: the statement quotes the results.
    taken = {u.pk for u in public}
    others = [u for u in [*demo.representatives, *demo.citizens, *citizens] if u.pk not in taken]
    rng.shuffle(others)
    respondents = []
    moments = _moments(rng, opens, closed, len(others))
    for n, (user, at) in enumerate(zip(others, moments, strict=True), start=PUBLIC_TEXTS):
        finished = rng.random() >= ABANDONED
        form = _survey_form(rng, s, at, n=n)
        respondents.append(Respondent(user=user, token="", at=at, form=form, finished=finished))

    # The statement goes out before the bulk rows exist: the respondents who answered through
    # the services are notified (as they would be); thousands of demo emails are not sent.
    sent = shared + [r.form for r in respondents if r.finished]
    statement = _statement_values(s, sent)
    services.poll_statement_publish(
        actor=manager,
        poll=poll,
        statement_ar=STATEMENT_AR % statement,
        statement_en=STATEMENT_EN % statement,
    )
    stated = now - timedelta(days=3)
    Poll.objects.filter(pk=poll.pk).update(statement_at=stated)
    Notification.objects.filter(kind="poll_statement").update(created_at=stated)

    _insert(poll, respondents, (180, 900), rng)


def _statement_values(s: _Survey, forms: list[Form]) -> dict:
    """The figures the statement quotes, from what every respondent who finished sent."""
    mobile, yes = s.options("device")[0], s.options("difficulty")[0]
    n = len(forms)
    mobile_count = sum(f[s.name("device")] == [str(mobile)] for f in forms)
    difficulty_count = sum(f[s.name("difficulty")] == [str(yes)] for f in forms)
    rows = list(s.questions["aspects"].options.all())
    lowest = min(rows, key=lambda row: sum(int(f[s.name("aspects", row.pk)][0]) for f in forms))
    return {
        "n": f"{n:,}",
        "mobile": round(100 * mobile_count / n),
        "difficulty": round(100 * difficulty_count / n),
        "lowest_ar": lowest.label_ar,
        "lowest_en": lowest.label_en,
    }


# --- Scheduled and draft --------------------------------------------------------------------


def _school_poll(demo: DemoContext) -> None:
    now = timezone.now()
    poll = _create(
        demo,
        "moe",
        PollKind.QUICK,
        {**SCHOOL_POLL, "audience": Audience.SIGNED_IN, "results_policy": ResultsPolicy.LIVE},
        opens_at=now + timedelta(days=7),
        closes_at=now + timedelta(days=28),
    )
    text_ar, text_en, options = SCHOOL_QUESTION
    _add(demo, poll, {"kind": QuestionKind.SINGLE, "text_ar": text_ar, "text_en": text_en}, options)
    _publish(demo, poll)


def _parks_draft(demo: DemoContext) -> None:
    now = timezone.now()
    poll = _create(
        demo,
        "momah",
        PollKind.SURVEY,
        {
            **PARKS_SURVEY,
            "audience": Audience.EVERYONE,
            "results_policy": ResultsPolicy.AFTER_CLOSE,
        },
        opens_at=now + timedelta(days=14),
        closes_at=now + timedelta(days=45),
    )
    for data, options in PARKS_QUESTIONS:
        _add(demo, poll, data, options)
