"""Demo announcements with their comment threads, and a moderation queue with work in every
agency: a pre-moderated announcement, a comment whose phone number was masked, and a comment
hidden after readers reported it. Everything goes through the services, like real use."""

from datetime import timedelta

from django.test import override_settings
from django.utils import timezone

from musharaka.announcements.models import Announcement
from musharaka.announcements.services import announcement_publish, announcement_save
from musharaka.core.demo import DemoContext
from musharaka.core.models import User
from musharaka.participation import selectors as participation_selectors
from musharaka.participation.models import Contribution, ModerationMode, ParticipationRules
from musharaka.participation.moderation import contribution_approve, space_moderation_set
from musharaka.participation.services import (
    contribution_endorse,
    contribution_flag,
    contribution_submit,
    rules_publish,
)

RULES_AR = """\
مرحبًا بمشاركتك. لنحافظ معًا على نقاش مفيد ومحترم:

1. ناقش الفكرة لا الشخص، وتجنّب الألفاظ المسيئة أو التحريض أو التمييز.
2. لا تنشر بيانات شخصية لك أو لغيرك: أرقام الهوية والجوال والبريد والحسابات البنكية تُحجب تلقائيًا.
3. التزم بموضوع النقاش، ولا تكرر المشاركة نفسها، ولا تنشر إعلانات.
4. لا تنسب قولًا إلى شخص أو جهة دون وجه حق.
5. يراجع فريق الإشراف في الجهة المشاركات، وقد يحجب ما يخالف هذه القواعد مع بيان السبب،
   ولك حق الاعتراض مرة واحدة.
"""
RULES_EN = """\
Welcome. Let us keep the discussion useful and respectful:

1. Discuss ideas, not people; no abusive language, incitement or discrimination.
2. Do not post personal data about yourself or anyone else: ID, mobile, email and bank
   numbers are hidden automatically.
3. Stay on topic, do not repeat the same contribution, and do not advertise.
4. Do not attribute words to a person or organisation falsely.
5. The agency's moderators review contributions and may hide those that break these rules,
   telling you why; you may appeal once.
"""

# (agency slug, address, title ar, title en, text ar, text en, days ago, pre-moderated)
ANNOUNCEMENTS = [
    ("yesser", "e-participation-guideline-workshop",
     "ورشة عمل حول مسودة الدليل الاسترشادي للمشاركة الإلكترونية",
     "Workshop on the draft e-participation guideline",
     "يدعو برنامج التعاملات الإلكترونية الحكومية (يسّر) ممثلي الجهات الحكومية والمهتمين إلى ورشة "
     "عمل لمناقشة مسودة الدليل الاسترشادي للمشاركة الإلكترونية، وذلك يوم الثلاثاء القادم في "
     "مقر البرنامج بالرياض، مع إتاحة الحضور عن بُعد.\n\n"
     "تتناول الورشة:\n\n- قنوات المشاركة الإلكترونية وأدواتها\n- إدارة مشاركات العموم والإشراف "
     "عليها\n- مؤشرات قياس جاهزية الجهات\n\nنرحب بملاحظاتكم وأسئلتكم في التعليقات أدناه.",
     "Yesser invites government agency representatives and everyone interested to a workshop "
     "on the draft e-participation guideline, next Tuesday at the programme's offices in "
     "Riyadh, with remote attendance available.\n\nThe workshop covers:\n\n- e-participation "
     "channels and tools\n- managing and moderating public contributions\n- agency readiness "
     "indicators\n\nYour questions and remarks are welcome in the comments below.",
     3, True),
    ("yesser", "guideline-consultation-extended",
     "تمديد فترة استطلاع الآراء حول الدليل الاسترشادي",
     "Consultation on the guideline extended",
     "تقرر تمديد فترة استقبال المرئيات حول مسودة الدليل الاسترشادي للمشاركة الإلكترونية أسبوعين "
     "إضافيين، استجابةً لطلبات عدد من الجهات.",
     "The period for comments on the draft e-participation guideline is extended by two weeks, "
     "at the request of several agencies.",
     9, False),
    ("mcit", "digital-skills-week",
     "إطلاق أسبوع المهارات الرقمية",
     "Digital Skills Week launches",
     "تطلق وزارة الاتصالات وتقنية المعلومات أسبوع المهارات الرقمية بمشاركة أكثر من خمسين جهة، "
     "ويتضمن دورات مجانية في البرمجة وتحليل البيانات والأمن السيبراني.",
     "The Ministry launches Digital Skills Week with more than fifty partners, with free courses "
     "in programming, data analysis and cybersecurity.",
     5, False),
    ("moh", "seasonal-vaccination-campaign",
     "بدء حملة التطعيم الموسمية ضد الإنفلونزا",
     "Seasonal flu vaccination campaign begins",
     "تبدأ وزارة الصحة حملة التطعيم الموسمية ضد الإنفلونزا في جميع المراكز الصحية، ويمكن حجز "
     "الموعد عبر التطبيق.",
     "The Ministry of Health starts its seasonal flu vaccination campaign in all health centres; "
     "appointments can be booked in the app.",
     2, True),
    ("moe", "new-school-calendar",
     "مسودة التقويم الدراسي للعام القادم",
     "Draft school calendar for next year",
     "تعرض وزارة التعليم مسودة التقويم الدراسي للعام القادم، وترحب بآراء أولياء الأمور والمعلمين "
     "قبل اعتماده.",
     "The Ministry of Education shares the draft school calendar for next year and welcomes the "
     "views of parents and teachers before it is adopted.",
     6, True),
    ("momah", "parks-improvement-programme",
     "برنامج تحسين الحدائق العامة في الأحياء",
     "Neighbourhood parks improvement programme",
     "أطلقت الوزارة برنامجًا لتحسين الحدائق العامة في الأحياء يشمل الإنارة وممرات المشاة ومناطق "
     "ألعاب الأطفال. شاركونا الحدائق التي تحتاج إلى تحسين.",
     "The Ministry has launched a programme to improve neighbourhood parks: lighting, walkways "
     "and playgrounds. Tell us which parks need attention.",
     4, False),
    ("sdaia", "open-data-portal-update",
     "تحديث منصة البيانات المفتوحة",
     "Open data portal update",
     "أضافت الهيئة السعودية للبيانات والذكاء الاصطناعي أكثر من مئتي مجموعة بيانات جديدة إلى "
     "منصة البيانات المفتوحة، مع واجهة برمجية محدثة.",
     "SDAIA has added more than two hundred new datasets to the open data portal, with an "
     "updated API.",
     8, True),
    ("riyadh", "street-works-schedule",
     "جدول أعمال صيانة الطرق في شمال الرياض",
     "",
     "تعلن أمانة منطقة الرياض عن جدول أعمال صيانة الطرق في أحياء شمال الرياض خلال الشهر القادم، "
     "مع تحويلات مرورية مؤقتة.",
     "",
     1, True),
    ("mcit", "5g-coverage-expansion",
     "توسيع تغطية الجيل الخامس في المحافظات",
     "5G coverage expands to more governorates",
     "تعلن الوزارة عن توسيع تغطية شبكات الجيل الخامس لتشمل ثلاثين محافظة إضافية بنهاية العام.",
     "The Ministry announces 5G coverage for thirty more governorates by the end of the year.",
     16, False),
    ("moh", "health-centres-evening-hours",
     "تمديد ساعات عمل المراكز الصحية مساءً",
     "Health centres open in the evening",
     "تمدد الوزارة ساعات عمل عدد من المراكز الصحية حتى العاشرة مساءً تسهيلًا على المراجعين.",
     "Selected health centres now stay open until 10 pm to make visits easier.",
     12, False),
    ("moe", "reading-challenge-results",
     "نتائج تحدي القراءة لطلاب المرحلة المتوسطة",
     "Middle-school reading challenge results",
     "تهنئ الوزارة الفائزين في تحدي القراءة، وتدعو المدارس إلى المشاركة في الدورة القادمة.",
     "The Ministry congratulates the reading challenge winners and invites schools to the next "
     "round.",
     20, False),
    ("momah", "building-permits-online",
     "إصدار رخص البناء إلكترونيًا خلال يوم عمل",
     "Building permits online within one working day",
     "أصبح بالإمكان إصدار رخص البناء السكنية إلكترونيًا خلال يوم عمل واحد عبر منصة بلدي.",
     "Residential building permits can now be issued online within one working day on Balady.",
     10, False),
    ("sdaia", "ai-ethics-principles",
     "مبادئ أخلاقيات الذكاء الاصطناعي: دعوة لإبداء الرأي",
     "AI ethics principles: call for views",
     "تدعو الهيئة المختصين والعموم إلى إبداء آرائهم في مبادئ أخلاقيات الذكاء الاصطناعي.",
     "SDAIA invites specialists and the public to share their views on its AI ethics "
     "principles.",
     14, False),
    ("riyadh", "tree-planting-initiative",
     "مبادرة تشجير الأحياء السكنية",
     "",
     "تطلق الأمانة مبادرة لزراعة عشرة آلاف شجرة في الأحياء السكنية بالتعاون مع السكان.",
     "",
     7, False),
]  # fmt: skip

# Comments that fit any announcement; the Yesser workshop gets its own (WORKSHOP_COMMENTS).
COMMENTS_AR = [
    "شكرًا على هذا الإعلان، خطوة في الاتجاه الصحيح.",
    "نرجو توضيح الجدول الزمني للتنفيذ ومتى يمكن أن نرى النتائج.",
    "هل هناك طريقة لمتابعة التنفيذ وإبداء الملاحظات بعده؟",
    "أقترح نشر تقرير دوري يوضح ما تم إنجازه وما بقي.",
    "نأمل أن تشمل المبادرة جميع المناطق وليس المدن الكبرى فقط.",
    "من المهم مراعاة كبار السن وذوي الإعاقة عند التنفيذ.",
    "مبادرة جميلة، وأتمنى أن يُعلن عن مثلها بوقت كافٍ مستقبلًا.",
]
COMMENTS_EN = [
    "Thank you. Where can we find more details?",
    "Good news. Will progress be reported publicly?",
]
WORKSHOP_COMMENTS = [
    "فكرة ممتازة، ونأمل أن تُتاح مواد الورشة بعد انتهائها للجميع.",
    "هل سيكون الحضور عن بُعد متاحًا للجهات خارج الرياض؟",
    "أقترح تخصيص جزء من الورشة لتجارب الجهات التي طبقت المشاركة الإلكترونية فعليًا.",
    "نرجو توضيح آلية الرد على المرئيات بعد انتهاء فترة الاستطلاع.",
    "Will the slides be published after the session?",
]
REPLIES_AR = [
    "أتفق معك تمامًا، وهذا ما نحتاجه فعلًا.",
    "سؤال مهم، وأتمنى أن نرى ردًا من الجهة.",
    "شكرًا لملاحظتك القيّمة.",
]
PHONE_COMMENT = "لدي استفسار عن التفاصيل، أرجو التواصل معي على الجوال ٠٥٥ ١٢٣ ٤٥٦٧ وشكرًا."
REPORTED_COMMENT = "زوروا متجري للحصول على عروض حصرية وخصومات كبيرة لفترة محدودة!"
PENDING_COMMENT = "أرجو إتاحة قناة للاستفسارات للموظفين الذين لا يستطيعون المتابعة صباحًا."


def _rules(demo: DemoContext) -> dict[str, ParticipationRules]:
    published = {}
    for slug, agency in demo.agencies.items():
        current = participation_selectors.current_rules(agency=agency)
        published[slug] = current or rules_publish(
            actor=demo.staff[(slug, "manager")], agency=agency, body_ar=RULES_AR, body_en=RULES_EN
        )
    return published


class _Authors:
    """Citizens and representatives in turn, so no one posts fast enough to look like spam."""

    def __init__(self, demo: DemoContext):
        self.people: list[User] = [*demo.citizens[1:], *demo.representatives[:60]]
        demo.rng.shuffle(self.people)
        self.index = 0

    def next(self) -> User:
        person = self.people[self.index % len(self.people)]
        self.index += 1
        return person


def _thread(
    demo: DemoContext,
    announcement: Announcement,
    rules: ParticipationRules,
    authors: _Authors,
) -> None:
    space = participation_selectors.space_for(owner=announcement)
    rng = demo.rng

    def submit(author: User, body: str, parent: Contribution | None = None) -> Contribution:
        return contribution_submit(
            actor=author, space=space, body=body, parent=parent, accepted_rules=rules
        )

    pre = space.moderation == ModerationMode.PRE
    if announcement.slug == "e-participation-guideline-workshop":
        texts = list(WORKSHOP_COMMENTS)
    else:
        texts = rng.sample(COMMENTS_AR, 4) + rng.sample(COMMENTS_EN, 1)
    published = []
    for text in texts:
        comment = submit(authors.next(), text)
        if not pre:
            published.append(comment)
    if pre:
        # A moderator approved the earlier ones; one still waits.
        moderator = demo.staff[(announcement.agency.slug, "moderator")]
        for comment in Contribution.objects.filter(space=space, status="pending"):
            published.append(contribution_approve(actor=moderator, contribution=comment))
        submit(demo.citizens[0], PENDING_COMMENT)
    for comment in published[:2]:
        reply = submit(authors.next(), rng.choice(REPLIES_AR), parent=comment)
        if reply.status == "published":
            submit(authors.next(), rng.choice(REPLIES_AR), parent=reply)
    for comment in published:
        if comment.status != "published":
            continue
        for _ in range(rng.randint(0, 4)):
            reader = authors.next()
            if reader.pk != comment.author_id:
                contribution_endorse(actor=reader, contribution=comment)
    # A phone number, masked and queued; an advert, hidden after three reports.
    submit(authors.next(), PHONE_COMMENT)
    if not pre:
        advert = submit(authors.next(), REPORTED_COMMENT)
        for reason in ("spam", "spam", "off_topic"):
            contribution_flag(actor=authors.next(), contribution=advert, reason=reason)


def _spread_over_time(demo: DemoContext, announcement: Announcement, days: int) -> None:
    """Date the thread's texts between publication and now, in the order they were sent, so
    the moderation queue shows realistic waiting times."""
    published_at = timezone.now() - timedelta(days=days)
    space = participation_selectors.space_for(owner=announcement)
    items = list(Contribution.objects.filter(space=space).order_by("id"))
    span = max(days * 24 - 2, 1) * 3600
    moments = sorted(demo.rng.uniform(3600, span) for _ in items)
    for item, seconds in zip(items, moments, strict=True):
        moment = published_at + timedelta(seconds=seconds)
        Contribution.objects.filter(pk=item.pk).update(
            created_at=moment,
            published_at=moment if item.published_at else None,
            queued_at=moment if item.queued_at else None,
        )


def load(demo: DemoContext) -> None:
    limits = {"user": {"limit": 10_000, "period": 600}, "ip": {"limit": 10_000, "period": 600}}
    with override_settings(MUSHARAKA_CONTRIBUTION_RATE_LIMITS=limits):
        rules = _rules(demo)
        authors = _Authors(demo)
        now = timezone.now()
        for slug, address, title_ar, title_en, body_ar, body_en, days, pre in ANNOUNCEMENTS:
            agency = demo.agencies[slug]
            editor, manager = demo.staff[(slug, "editor")], demo.staff[(slug, "manager")]
            announcement = announcement_save(
                actor=editor,
                agency=agency,
                data={
                    "slug": address,
                    "title_ar": title_ar,
                    "title_en": title_en,
                    "body_ar": body_ar,
                    "body_en": body_en,
                    "comments_open": True,
                },
            )
            announcement_publish(actor=editor, announcement=announcement)
            Announcement.objects.filter(pk=announcement.pk).update(
                published_at=now - timedelta(days=days)
            )
            if pre:
                space = participation_selectors.space_for(owner=announcement)
                space_moderation_set(actor=manager, space=space, mode=ModerationMode.PRE)
            _thread(demo, announcement, rules[slug], authors)
            _spread_over_time(demo, announcement, days)
        # A draft the editors are still writing.
        announcement_save(
            actor=demo.staff[("yesser", "editor")],
            agency=demo.agencies["yesser"],
            data={
                "slug": "readiness-index-results",
                "title_ar": "نتائج مؤشر جاهزية المشاركة الإلكترونية",
                "title_en": "E-participation readiness index results",
                "body_ar": "مسودة: تُنشر النتائج بعد اعتمادها.",
                "body_en": "Draft: the results are published once approved.",
                "comments_open": True,
            },
        )
