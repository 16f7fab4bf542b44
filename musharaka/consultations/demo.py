"""Demo consultations telling the seed's story: Yesser consults on the draft guideline for
government e-participation (open, with comments from the agencies' representatives); an earlier
consultation on the social media policy is closed, answered, revised and its outcome published;
the Ministry of Health has one scheduled. Everything goes through the services, like real use."""

from datetime import timedelta

from django.test import override_settings
from django.utils import timezone

from musharaka.consultations import comments, review, services, texts
from musharaka.consultations.models import (
    Answer,
    Comment,
    Consultation,
    Kind,
    NodeKind,
    Stance,
    TimelineEntry,
)
from musharaka.core.demo import DemoContext
from musharaka.core.models import Representation, RepresentationStatus, User
from musharaka.participation import selectors as participation_selectors

# (number, heading ar, heading en, body ar, body en)
GUIDELINE = [
    (1, "التعريفات", "Definitions",
     "يُقصد بالألفاظ والعبارات الآتية -أينما وردت في هذا الدليل- المعاني المبينة أمام كل منها: "
     "المشاركة الإلكترونية: إشراك المستفيدين في صنع القرار الحكومي وتحسين الخدمات عبر القنوات "
     "الرقمية. الجهة: أي وزارة أو هيئة أو مؤسسة عامة. فريق المشاركة: الفريق المكلّف في الجهة "
     "بإدارة قنوات المشاركة الإلكترونية.",
     "In this guideline the following terms have the meanings shown: E-participation: involving "
     "beneficiaries in government decision-making and service improvement through digital "
     "channels. Agency: any ministry, authority or public institution. E-participation team: "
     "the team an agency charges with running its e-participation channels."),
    (2, "النطاق", "Scope",
     "يسري هذا الدليل على جميع الجهات الحكومية، ويشمل كل قناة رقمية تستقبل من خلالها الجهة آراء "
     "المستفيدين أو مقترحاتهم أو شكاواهم، سواء أكانت مملوكة للجهة أم على منصات خارجية.",
     "This guideline applies to all government agencies and covers every digital channel through "
     "which an agency receives beneficiaries' views, proposals or complaints, whether the agency "
     "owns it or it runs on an external platform."),
    (3, "أهداف المشاركة الإلكترونية", "Aims of e-participation",
     "تهدف المشاركة الإلكترونية إلى تعزيز الشفافية، ورفع جودة القرارات والأنظمة عبر الاستماع "
     "المبكر لأصحاب المصلحة، وبناء الثقة بين الجهات والمجتمع، وقياس رضا المستفيدين عن الخدمات.",
     "E-participation aims to strengthen transparency, raise the quality of decisions and "
     "regulations by hearing stakeholders early, build trust between agencies and society, and "
     "measure beneficiaries' satisfaction with services."),
    (4, "قنوات المشاركة: الاستطلاعات", "Channels: polls and surveys",
     "تستخدم الجهة الاستطلاعات الإلكترونية لقياس آراء المستفيدين في موضوع محدد، على أن يُعلن "
     "الغرض من الاستطلاع ومدته، وتُنشر نتائجه خلال ثلاثين يومًا من إغلاقه.",
     "Agencies use online polls to gauge beneficiaries' views on a defined subject; the purpose "
     "and duration are announced and the results published within thirty days of closing."),
    (5, "قنوات المشاركة: التواصل المباشر مع المسؤولين",
     "Channels: direct communication with officials",
     "تتيح الجهة قناة إلكترونية للتواصل المباشر مع المسؤولين، وتلتزم بالرد على الرسائل خلال مدة "
     "لا تتجاوز عشرة أيام عمل، مع إتاحة متابعة حالة الطلب إلكترونيًا.",
     "Agencies provide an online channel for direct communication with officials and answer "
     "messages within ten working days, with the status of each request trackable online."),
    (6, "قنوات المشاركة: المدونات والمنتديات", "Channels: blogs and forums",
     "يجوز للجهة إنشاء مدونات ومنتديات حوارية لمناقشة سياساتها وخدماتها، على أن تُدار وفق قواعد "
     "مشاركة معلنة، ويُشرف عليها فريق المشاركة.",
     "Agencies may run blogs and discussion forums on their policies and services, moderated by "
     "the e-participation team under published participation rules."),
    (7, "قنوات المشاركة: وسائل التواصل الاجتماعي", "Channels: social media",
     "تستخدم الجهة حساباتها الرسمية في وسائل التواصل الاجتماعي لنشر المعلومات واستقبال الآراء، "
     "وتحيل ما يرد فيها من مقترحات إلى الإدارة المختصة وترد عليها.",
     "Agencies use their official social media accounts to publish information and receive "
     "views, referring the proposals received to the department concerned and answering them."),
    (8, "إدارة الحسابات الرسمية", "Managing official accounts",
     "تحتفظ الجهة بسجل لحساباتها الرسمية وللموظفين المخوّلين بإدارتها، وتفعّل التحقق الثنائي "
     "عليها، وتعتمد المحتوى قبل نشره وفق صلاحيات موثقة.",
     "Agencies keep a register of their official accounts and of the staff authorised to run "
     "them, enable two-factor authentication on them, and approve content before publication "
     "under documented authorities."),
    (9, "استخدام الموظفين لوسائل التواصل الاجتماعي", "Staff use of social media",
     "يلتزم الموظفون عند استخدام وسائل التواصل الاجتماعي بعدم الإفصاح عن المعلومات غير المصرح "
     "بنشرها، وبعدم التحدث باسم الجهة ما لم يكونوا مخوّلين بذلك.",
     "When using social media, staff do not disclose information not cleared for publication and "
     "do not speak for the agency unless authorised to."),
    (10, "إدارة مشاركات العموم", "Managing public contributions",
     "تنشر الجهة قواعد المشاركة، وتراجع المشاركات وفق معايير معلنة، وتحجب ما يتضمن بيانات شخصية "
     "أو إساءة مع إبلاغ صاحب المشاركة بالسبب وإتاحة الاعتراض مرة واحدة.",
     "Agencies publish participation rules, review contributions against published criteria, and "
     "withhold those containing personal data or abuse, telling the author why and allowing one "
     "appeal."),
    (11, "مهام فريق المشاركة الإلكترونية", "Tasks of the e-participation team",
     "يتولى فريق المشاركة إعداد خطة سنوية للمشاركة الإلكترونية، وإدارة القنوات، وتحليل الآراء "
     "الواردة ورفع التقارير إلى صاحب الصلاحية، والتنسيق مع الإدارات للرد على المشاركات.",
     "The e-participation team prepares an annual e-participation plan, runs the channels, "
     "analyses the views received and reports to the responsible official, and coordinates with "
     "departments to answer contributions."),
    (12, "المخاطر وإدارتها", "Risks and their management",
     "تحدد الجهة مخاطر المشاركة الإلكترونية، ومنها: الحملات المنظمة، وانتحال الصفة، وتسرب "
     "البيانات، والتأخر في الرد، وتضع لكل منها إجراءات وقائية وخطة للاستجابة.",
     "Agencies identify the risks of e-participation, including organised campaigns, "
     "impersonation, data leaks and late answers, and set preventive measures and a response plan "
     "for each."),
    (13, "قياس الجاهزية", "Measuring readiness",
     "تقيس الجهة جاهزيتها للمشاركة الإلكترونية سنويًا وفق معايير تتسق مع مؤشر المشاركة "
     "الإلكترونية الصادر عن الأمم المتحدة: الإعلام الإلكتروني، والتشاور الإلكتروني، وصنع القرار "
     "الإلكتروني.",
     "Agencies measure their e-participation readiness each year against criteria consistent "
     "with the United Nations E-Participation Index: e-information, e-consultation and "
     "e-decision-making."),
    (14, "التدريب وبناء القدرات", "Training and capacity building",
     "تدرب الجهة فريق المشاركة والموظفين المعنيين على إدارة القنوات والإشراف على المحتوى وتحليل "
     "الآراء، بما لا يقل عن برنامج تدريبي واحد في السنة.",
     "Agencies train the e-participation team and the staff concerned in running channels, "
     "moderating content and analysing views, with at least one training programme a year."),
]  # fmt: skip

SOCIAL_POLICY = [
    (1, "الغرض", "Purpose",
     "تنظم هذه السياسة استخدام الجهات الحكومية لوسائل التواصل الاجتماعي بما يحقق التواصل الفعّال "
     "مع المستفيدين.",
     "This policy governs government agencies' use of social media for effective communication "
     "with beneficiaries."),
    (2, "الحسابات الرسمية", "Official accounts",
     "لا تُنشأ حسابات رسمية إلا بموافقة صاحب الصلاحية، وتُوثّق على المنصات متى أمكن.",
     "Official accounts are opened only with the responsible official's approval and verified on "
     "the platforms where possible."),
    (3, "المحتوى", "Content",
     "يُراجع المحتوى قبل نشره للتأكد من دقته وملاءمته، ويُصحّح الخطأ علنًا عند اكتشافه.",
     "Content is reviewed before publication for accuracy and suitability; errors are corrected "
     "openly once found."),
    (4, "التفاعل مع الجمهور", "Engaging with the public",
     "ترد الجهة على الاستفسارات العامة خلال يومي عمل، وتحيل الشكاوى إلى القناة المختصة.",
     "Agencies answer public questions within two working days and refer complaints to the "
     "channel concerned."),
    (5, "الأمن", "Security",
     "تُفعّل المصادقة الثنائية على جميع الحسابات، وتُراجع صلاحيات الوصول كل ثلاثة أشهر.",
     "Two-factor authentication is enabled on every account and access is reviewed every three "
     "months."),
]  # fmt: skip
REVISED = {  # article number -> (body ar, body en) in version 2
    4: ("ترد الجهة على الاستفسارات العامة خلال يوم عمل واحد، وتحيل الشكاوى إلى القناة المختصة مع "
        "إبلاغ صاحبها برقم المتابعة.",
        "Agencies answer public questions within one working day and refer complaints to the "
        "channel concerned, giving the author a tracking number."),
    5: ("تُفعّل المصادقة الثنائية على جميع الحسابات، وتُراجع صلاحيات الوصول شهريًا، وتُسحب فور "
        "انتهاء مهام الموظف.",
        "Two-factor authentication is enabled on every account; access is reviewed monthly and "
        "withdrawn as soon as a staff member's duties end."),
}  # fmt: skip

TELEHEALTH = [
    (1, "التعريفات", "Definitions",
     "الرعاية الصحية عن بُعد: تقديم الخدمات الصحية باستخدام تقنيات الاتصال دون حضور المريض.",
     "Telehealth: providing health services through communication technology without the patient "
     "being present."),
    (2, "الترخيص", "Licensing",
     "لا يجوز تقديم خدمات الرعاية الصحية عن بُعد إلا من منشأة صحية مرخصة وممارس مسجّل.",
     "Telehealth services may be provided only by a licensed health facility and a registered "
     "practitioner."),
    (3, "خصوصية البيانات", "Data privacy",
     "تُحفظ بيانات المرضى داخل المملكة، ولا يُطلع عليها إلا المخوّلون بذلك.",
     "Patients' data is kept within the Kingdom and seen only by those authorised."),
]  # fmt: skip

# Comment texts by stance: openings and endings combined so no two representatives send the
# same text (the duplicate filter would rightly queue copies).
OPENINGS = {
    Stance.SUPPORT: [
        "نؤيد ما ورد في هذه المادة",
        "تتفق جهتنا مع صياغة المادة",
        "نثمّن هذا التوجه",
        "المادة واضحة ومناسبة لواقع الجهات",
    ],
    Stance.OBJECT: [
        "نرى أن هذه المادة تفرض عبئًا كبيرًا على الجهات الصغيرة",
        "لا نتفق مع الصياغة الحالية للمادة",
        "المدة المحددة في المادة غير واقعية",
        "نتحفظ على تطبيق المادة بصيغتها الحالية",
    ],
    Stance.AMEND: [
        "نقترح تعديل الصياغة",
        "نقترح إضافة فقرة توضيحية",
        "نقترح إعادة صياغة المادة",
    ],
    Stance.QUESTION: [
        "هل تشمل هذه المادة الجهات التي تعتمد على منصات مشتركة؟",
        "ما الجهة المسؤولة عن متابعة تطبيق هذه المادة؟",
        "كيف سيُقاس الالتزام بما ورد في المادة؟",
    ],
    Stance.OTHER: [
        "ملاحظة عامة على المادة",
        "نشير إلى تجربة جهتنا في هذا المجال",
        "نأمل أن يصاحب المادة نموذج تطبيقي",
    ],
}
ENDINGS = [
    "مع مراعاة الفروق في حجم الجهات وإمكاناتها.",
    "ونرجو توضيح ذلك في الأدلة التنفيذية.",
    "بما يضمن توحيد الممارسات بين الجهات.",
    "وذلك لتسهيل التطبيق خلال السنة الأولى.",
    "مع إتاحة مدة انتقالية كافية.",
    "ونقترح أن يُستأنس بالتجارب الدولية المماثلة.",
    "على أن تُنشر مؤشرات المتابعة دوريًا.",
    "حتى لا يتعارض ذلك مع الأنظمة القائمة.",
]
AMENDMENTS = [
    "يُضاف في نهاية المادة: «مع مراعاة حجم الجهة وطبيعة خدماتها».",
    "تُعدّل المادة لتصبح: «تلتزم الجهة بذلك وفق خطة زمنية تعتمدها سنويًا».",
    "يُستبدل بعبارة «خلال ثلاثين يومًا» عبارة «خلال خمسة عشر يوم عمل».",
]
RESPONSES = {
    Answer.ACCEPTED: (
        "شكرًا لملاحظتكم، أُخذ بها وعُدّلت المادة في النسخة الثانية.",
        "Thank you; we took this on board and revised the article in version 2.",
    ),
    Answer.PARTLY_ACCEPTED: (
        "أُخذ بجزء من المقترح بما يتسق مع أهداف السياسة.",
        "We took part of the proposal, in line with the policy's aims.",
    ),
    Answer.NOT_ACCEPTED: (
        "نشكركم، ونرى الإبقاء على الصياغة لضمان توحيد الممارسات بين الجهات.",
        "Thank you; we keep the wording so that practice stays consistent across agencies.",
    ),
    Answer.NOTED: (
        "شكرًا لكم، ستُراعى الملاحظة عند إعداد الأدلة التنفيذية.",
        "Thank you; we will reflect this in the implementation guides.",
    ),
}


def _markdown(articles: list[tuple], chapter: str = "") -> bytes:
    lines = [f"# {chapter}", ""] if chapter else []
    for number, heading_ar, _he, body_ar, _be in articles:
        lines += [f"## المادة {number}: {heading_ar}", "", body_ar, ""]
    return "\n".join(lines).encode()


def _drafted(demo: DemoContext, *, agency: str, data: dict, articles: list[tuple], chapter=""):
    """A consultation with its first version imported, translated and published."""
    editor = demo.staff[(agency, "editor")]
    manager = demo.staff[(agency, "manager")]
    now = timezone.now()
    consultation = services.consultation_create(
        actor=editor,
        agency=demo.agencies[agency],
        data={
            "owner": manager,
            "team": [editor, demo.staff[(agency, "responder")]],
            "opens_at": now + timedelta(hours=1),
            "closes_at": now + timedelta(days=30),
            **data,
        },
    )
    version = texts.text_import(
        actor=editor,
        consultation=consultation,
        filename="draft.md",
        data=_markdown(articles, chapter),
    )
    _translate(editor, version, articles)
    texts.version_publish(actor=editor, consultation=consultation, version=version)
    consultation.refresh_from_db()
    return consultation


def _translate(editor: User, version, articles: list[tuple]) -> None:
    english = {number: (he, be) for number, _ha, he, _ba, be in articles}
    ar = {number: (ha, ba) for number, ha, _he, ba, _be in articles}
    for node in version.nodes.filter(kind=NodeKind.ARTICLE):
        heading_en, body_en = english[node.number]
        heading_ar, body_ar = ar[node.number]
        texts.node_update(
            actor=editor,
            node=node,
            data={
                "heading_ar": heading_ar,
                "heading_en": heading_en,
                "body_ar": body_ar,
                "body_en": body_en,
                "number": node.number,
            },
        )


def _representatives(demo: DemoContext) -> list[tuple[User, object]]:
    confirmed = Representation.objects.filter(
        user__in=demo.representatives, status=RepresentationStatus.CONFIRMED
    ).select_related("agency")
    by_user = {r.user_id: r.agency for r in confirmed}
    return [(u, by_user[u.pk]) for u in demo.representatives if u.pk in by_user]


def _comment_text(demo: DemoContext, stance: str, n: int) -> str:
    opening = OPENINGS[stance][n % len(OPENINGS[stance])]
    ending = ENDINGS[(n // len(OPENINGS[stance])) % len(ENDINGS)]
    return (
        f"{opening}، {ending} (ملاحظة {n + 1})"
        if stance != Stance.QUESTION
        else (f"{opening} {ending}")
    )


def _comments(demo: DemoContext, consultation: Consultation, people, rules) -> list[Comment]:
    """One comment from each representative, spread over the articles and the five stances;
    every tenth on the whole draft."""
    version = consultation.current_version
    nodes = list(version.nodes.filter(kind=NodeKind.ARTICLE).order_by("position"))
    stances = [Stance.SUPPORT, Stance.OBJECT, Stance.AMEND, Stance.QUESTION, Stance.OTHER]
    made = []
    for n, (user, agency) in enumerate(people):
        stance = stances[demo.rng.randrange(len(stances))]
        node = None if n % 10 == 9 else nodes[demo.rng.randrange(len(nodes))]
        made.append(
            comments.comment_submit(
                actor=user,
                consultation=consultation,
                body=_comment_text(demo, stance, n),
                stance=stance,
                node=node,
                amendment=AMENDMENTS[n % len(AMENDMENTS)] if stance == Stance.AMEND else "",
                on_behalf_of=agency,
                accepted_rules=rules,
            )
        )
    return made


def _backdate(consultation: Consultation, *, opened_days_ago: int, closes_in_days: int) -> None:
    now = timezone.now()
    opens = now - timedelta(days=opened_days_ago)
    Consultation.objects.filter(pk=consultation.pk).update(
        opens_at=opens, closes_at=now + timedelta(days=closes_in_days)
    )
    TimelineEntry.objects.filter(consultation=consultation).update(at=opens)


def _rules(demo: DemoContext, slug: str):
    return participation_selectors.current_rules(agency=demo.agencies[slug])


def _open_guideline(demo: DemoContext, people) -> None:
    consultation = _drafted(
        demo,
        agency="yesser",
        data={
            "slug": "e-participation-guideline",
            "title_ar": "مسودة الدليل الإرشادي للمشاركة الإلكترونية الحكومية",
            "title_en": "Draft Guideline for Government E-Participation",
            "summary_ar": "يضع الدليل إطارًا موحدًا لإشراك المستفيدين في صنع القرار الحكومي عبر "
            "القنوات الإلكترونية، ويحدد مهام الجهات وفرق المشاركة ومعايير قياس الجاهزية. نرحب "
            "بمرئياتكم على كل مادة.",
            "summary_en": "The guideline sets a common framework for involving beneficiaries in "
            "government decisions through digital channels, and sets out the tasks of agencies "
            "and their e-participation teams and how readiness is measured. Comment on any "
            "article.",
            "kind": Kind.GUIDELINE,
            "sectors": ["digital government", "e-participation"],
        },
        articles=GUIDELINE,
        chapter="أحكام الدليل",
    )
    editor = demo.staff[("yesser", "editor")]
    services.consultation_schedule(actor=editor, consultation=consultation)
    services.consultation_open(actor=editor, consultation=consultation)
    consultation.refresh_from_db()
    _comments(demo, consultation, people, _rules(demo, "yesser"))
    _backdate(consultation, opened_days_ago=10, closes_in_days=20)


def _closed_with_outcome(demo: DemoContext, people) -> None:
    consultation = _drafted(
        demo,
        agency="yesser",
        data={
            "slug": "social-media-policy",
            "title_ar": "سياسة استخدام الجهات الحكومية لوسائل التواصل الاجتماعي",
            "title_en": "Policy on Government Agencies' Use of Social Media",
            "summary_ar": "سياسة تنظم الحسابات الرسمية والمحتوى والتفاعل مع الجمهور وأمن الحسابات.",
            "summary_en": "A policy on official accounts, content, engaging with the public and "
            "account security.",
            "kind": Kind.POLICY,
            "sectors": ["digital government"],
        },
        articles=SOCIAL_POLICY,
    )
    editor = demo.staff[("yesser", "editor")]
    manager = demo.staff[("yesser", "manager")]
    services.consultation_schedule(actor=editor, consultation=consultation)
    services.consultation_open(actor=editor, consultation=consultation)
    consultation.refresh_from_db()
    made = _comments(demo, consultation, people, _rules(demo, "yesser"))
    Consultation.objects.filter(pk=consultation.pk).update(
        closes_at=timezone.now() - timedelta(seconds=1)
    )
    consultation.refresh_from_db()
    services.consultation_close(actor=None, consultation=consultation)
    services.consultation_start_review(actor=editor, consultation=consultation)
    # Answers: accepted where the text changed, otherwise a mix, several at once.
    keys = {
        n.number: n.key for n in consultation.current_version.nodes.filter(kind=NodeKind.ARTICLE)
    }
    pending = [c for c in Comment.objects.filter(pk__in=[c.pk for c in made])]
    groups: dict[str, list[Comment]] = {a: [] for a in RESPONSES}
    for comment in pending:
        if comment.article_key in (keys[4], keys[5]) and comment.stance in (
            Stance.AMEND,
            Stance.OBJECT,
        ):
            groups[Answer.ACCEPTED].append(comment)
        elif comment.stance == Stance.AMEND:
            groups[Answer.PARTLY_ACCEPTED].append(comment)
        elif comment.stance == Stance.OBJECT:
            groups[Answer.NOT_ACCEPTED].append(comment)
        else:
            groups[Answer.NOTED].append(comment)
    for answer, chosen in groups.items():
        if chosen:
            response_ar, response_en = RESPONSES[answer]
            review.comment_answer(
                actor=manager,
                comments=chosen,
                answer=answer,
                response_ar=response_ar,
                response_en=response_en,
            )
    # Version 2, revised after the comments.
    version = texts.version_copy(actor=editor, consultation=consultation)
    for node in version.nodes.filter(kind=NodeKind.ARTICLE, number__in=list(REVISED)):
        body_ar, body_en = REVISED[node.number]
        texts.node_update(
            actor=editor,
            node=node,
            data={
                "heading_ar": node.heading_ar,
                "heading_en": node.heading_en,
                "body_ar": body_ar,
                "body_en": body_en,
                "number": node.number,
            },
        )
    texts.version_publish(
        actor=editor,
        consultation=consultation,
        version=version,
        note_ar="عُدّلت مدة الرد على الاستفسارات ومراجعة الصلاحيات بناءً على المرئيات.",
        note_en="The time to answer questions and the access reviews were revised after the "
        "comments.",
    )
    review.outcome_publish(
        actor=manager,
        consultation=consultation,
        summary_ar="تلقينا مرئيات الجهات على السياسة، وعدّلنا مادتي التفاعل مع الجمهور والأمن، "
        "وأبقينا بقية المواد مع توضيحها في الأدلة التنفيذية.",
        summary_en="We received the agencies' comments, revised the articles on engaging with "
        "the public and on security, and kept the other articles, to be clarified in the "
        "implementation guides.",
    )
    now = timezone.now()
    Consultation.objects.filter(pk=consultation.pk).update(
        opens_at=now - timedelta(days=75),
        closes_at=now - timedelta(days=45),
        closed_at=now - timedelta(days=45),
        outcome_due_at=now - timedelta(days=45) + timedelta(weeks=12),
        outcome_published_at=now - timedelta(days=5),
    )


def _scheduled(demo: DemoContext) -> None:
    consultation = _drafted(
        demo,
        agency="moh",
        data={
            "slug": "telehealth-regulation",
            "title_ar": "مسودة لائحة خدمات الرعاية الصحية عن بُعد",
            "title_en": "Draft Telehealth Services Regulation",
            "summary_ar": "لائحة تنظم ترخيص خدمات الرعاية الصحية عن بُعد وحماية بيانات المرضى.",
            "summary_en": "A regulation on licensing telehealth services and protecting patients' "
            "data.",
            "kind": Kind.REGULATION,
            "sectors": ["health"],
        },
        articles=TELEHEALTH,
    )
    now = timezone.now()
    Consultation.objects.filter(pk=consultation.pk).update(
        opens_at=now + timedelta(days=10), closes_at=now + timedelta(days=40)
    )
    consultation.refresh_from_db()
    services.consultation_schedule(actor=demo.staff[("moh", "editor")], consultation=consultation)


def load(demo: DemoContext) -> None:
    limits = {"user": {"limit": 10_000, "period": 600}, "ip": {"limit": 10_000, "period": 600}}
    with override_settings(MUSHARAKA_CONTRIBUTION_RATE_LIMITS=limits):
        people = _representatives(demo)
        _open_guideline(demo, people)
        _closed_with_outcome(demo, people[::6])
        _scheduled(demo)
