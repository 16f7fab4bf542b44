"""Demo blogs and forums.

Blogs: every demo agency has two categories and three or four bilingual posts published over the
last weeks (restricted Markdown with a heading and a list), each agency's consultation or poll
introduced by one of them, comments from representatives on most; Yesser's and SDAIA's posts
carry a chart (a PNG drawn here) with its description; Yesser has a post scheduled for after its
poll closes and the Ministry of Education a draft.

Forums: Yesser, the programme office, runs the platform-wide forum on e-participation: three
categories, forty-odd topics from representatives, citizens and its own staff over the last two
months, about four hundred replies (some threaded), endorsements, three pinned topics, two
locked, staff answers, one topic turned into a contact request and one proposed for the draft
guideline. The Ministry of Communications has a smaller forum for agencies' representatives.

Everything goes through the services (``category_save``, ``post_save``, ``post_image_add``,
``post_publish``, ``forum_save``, ``topic_start``, ``contribution_submit``,
``contribution_endorse``, the staff actions), then each text is dated back to when it was sent,
right after it is sent, so the pipeline's posting-rate check sees an ordinary pace. The replies
are history: they are marked as already announced to the topics' followers (the flag
``topic_contribution_changed`` sets once it has told them), so loading the demo does not send
hundreds of "new reply" notifications; the staff answers and the request do notify their authors.
The topics' figures are refreshed by ``topic_contribution_changed`` at the end.
"""

import io
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone
from PIL import Image, ImageDraw

from musharaka.core.demo import DemoContext
from musharaka.core.models import AgencyKind, Representation, RepresentationStatus, User
from musharaka.forums import services
from musharaka.forums.models import Forum, Post, Posting, Topic
from musharaka.participation import selectors as participation_selectors
from musharaka.participation.models import Contribution, ParticipationRules, Status
from musharaka.participation.services import (
    MAX_REPLY_DEPTH,
    contribution_endorse,
    contribution_submit,
)

SEED = 7  # the channel's own seed: its data does not shift with other apps'
HISTORY_DAYS = 60

# --- Blogs ----------------------------------------------------------------------------------

CATEGORIES = {
    "yesser": [("e-participation", "المشاركة الإلكترونية", "E-participation"),
               ("digital-government", "الحكومة الرقمية", "Digital government")],
    "mcit": [("digital-skills", "المهارات الرقمية", "Digital skills"),
             ("connectivity", "الاتصالات والبنية الرقمية", "Connectivity")],
    "moh": [("digital-health", "الصحة الرقمية", "Digital health"),
            ("public-health", "الصحة العامة", "Public health")],
    "moe": [("schools", "المدارس", "Schools"),
            ("e-learning", "التعليم الإلكتروني", "E-learning")],
    "momah": [("housing", "الإسكان", "Housing"),
              ("municipal-services", "الخدمات البلدية", "Municipal services")],
    "sdaia": [("data", "البيانات", "Data"),
              ("ai", "الذكاء الاصطناعي", "Artificial intelligence")],
    "riyadh": [("city-projects", "مشاريع المدينة", "City projects"),
               ("neighbourhoods", "الأحياء", "Neighbourhoods")],
}  # fmt: skip


@dataclass
class BlogPost:
    agency: str
    categories: list[str]
    title_ar: str
    title_en: str
    summary_ar: str
    summary_en: str
    body_ar: str
    body_en: str
    # Days ago it was published; negative: scheduled that many days ahead; None: a draft.
    days: float | None
    comments_open: bool = True
    related: str = ""  # "consultation:<slug>" or "poll:<kind>"
    slug: str = ""  # for a post without an English title
    # A chart drawn for the post: (bar heights, colour, alt ar, alt en), placed after the list.
    chart: tuple | None = None


POSTS = [
    BlogPost(
        "yesser", ["e-participation"],
        "ما الذي تعلّمناه من عام من المشاركة الإلكترونية",
        "What a year of e-participation taught us",
        "أطلقت جهات حكومية أكثر من أي وقت مضى قنوات لإشراك المستفيدين. هذه أبرز الدروس.",
        "More government agencies than ever opened channels to involve the people they serve. "
        "These are the main lessons.",
        "في بداية العام كانت اثنتا عشرة جهة فقط تنشر استطلاعاتها على المنصة، وفي نهايته أصبحت "
        "إحدى وأربعين جهة. ولم يكن العدد وحده ما تغيّر، بل طريقة التعامل مع ما يصل من مرئيات.\n\n"
        "## ما الذي نجح\n\n"
        "- الرد على كل مرئية، ولو باختصار، ونشر تقرير بما أُخذ به وما لم يُؤخذ به.\n"
        "- كتابة ملخص بلغة مبسطة بجانب النص النظامي الكامل.\n"
        "- إشراك الإدارة الفنية المختصة منذ إعداد المسودة لا بعد إغلاق الاستطلاع.\n\n"
        "{chart}\n\n"
        "نشكر فرق المشاركة الإلكترونية في الجهات، ونرحب بتجاربكم في التعليقات وفي منتدى "
        "المشاركة الإلكترونية.",
        "At the start of the year only twelve agencies published their consultations on the "
        "platform; by its end there were forty-one. The number was not the only change: so was "
        "the way agencies handle what people send them.\n\n"
        "## What worked\n\n"
        "- Answering every comment, even briefly, and publishing what was taken up and what "
        "was not.\n"
        "- A plain-language summary beside the full legal text.\n"
        "- Involving the technical department from the first draft, not after the consultation "
        "closes.\n\n"
        "{chart}\n\n"
        "Thank you to the agencies' e-participation teams. Share your own experience in the "
        "comments and in the e-participation forum.",
        days=41,
        chart=([12, 19, 28, 41], (0, 108, 53),
               "رسم بياني بالأعمدة يبيّن ارتفاع عدد الجهات التي تنشر استطلاعاتها على المنصة من "
               "12 جهة في الربع الأول إلى 19 ثم 28 ثم 41 جهة في الربع الرابع",
               "Bar chart: agencies publishing consultations on the platform rose from 12 in the "
               "first quarter to 19, 28 and then 41 in the fourth"),
    ),
    BlogPost(
        "yesser", ["e-participation", "digital-government"],
        "مسودة الدليل الإرشادي للمشاركة الإلكترونية مفتوحة لمرئياتكم",
        "The draft e-participation guideline is open for comment",
        "أربع عشرة مادة تضع إطارًا موحدًا لإشراك المستفيدين، ونرحب بمرئياتكم على كل منها.",
        "Fourteen articles set a common framework for involving the public; comment on any of "
        "them.",
        "نشر البرنامج مسودة الدليل الإرشادي للمشاركة الإلكترونية الحكومية لاستطلاع آراء الجهات "
        "والمهتمين لمدة ثلاثين يومًا.\n\n"
        "## ما الذي يتناوله الدليل\n\n"
        "- قنوات المشاركة الإلكترونية التي تتيحها الجهات وأدواتها.\n"
        "- مهام فرق المشاركة الإلكترونية وصلاحياتها.\n"
        "- مؤشرات قياس جاهزية الجهات ونشر نتائجها.\n\n"
        "يمكنكم التعليق على كل مادة على حدة، أو على المسودة كاملة، وسننشر ردودنا على المرئيات "
        "بعد انتهاء الاستطلاع.",
        "Yesser has published the draft Guideline for Government E-Participation for comment by "
        "agencies and everyone interested, for thirty days.\n\n"
        "## What the guideline covers\n\n"
        "- The e-participation channels agencies offer and their tools.\n"
        "- The tasks and powers of e-participation teams.\n"
        "- How agencies' readiness is measured and published.\n\n"
        "Comment on any article, or on the draft as a whole; we will publish our answers once "
        "the consultation closes.",
        days=9.5, related="consultation:e-participation-guideline",
    ),
    BlogPost(
        "yesser", ["e-participation"],
        "خمس نصائح لكتابة مرئيات مؤثرة",
        "Five tips for comments that make a difference",
        "المرئية الواضحة المحددة أقرب إلى أن يؤخذ بها. إليكم كيف تكتبونها.",
        "A clear, specific comment is more likely to be taken up. Here is how to write one.",
        "تصل إلى الجهات آلاف المرئيات، وبعضها يغيّر النص فعلًا. ما الذي يميز هذه المرئيات؟\n\n"
        "## النصائح\n\n"
        "1. علّق على المادة المعنية لا على المسودة كلها.\n"
        "2. اقترح صياغة بديلة إن أمكن، لا الاعتراض وحده.\n"
        "3. اذكر أثر النص عليك أو على جهتك بمثال.\n"
        "4. اختصر: فكرة واحدة في كل مرئية.\n"
        "5. اقرأ مرئيات غيرك وأيّد ما تتفق معه بدل تكراره.",
        "Agencies receive thousands of comments, and some really do change the text. What do "
        "those comments have in common?\n\n"
        "## The tips\n\n"
        "1. Comment on the article concerned, not on the whole draft.\n"
        "2. Propose alternative wording where you can, not only an objection.\n"
        "3. Give an example of how the text affects you or your agency.\n"
        "4. Keep it short: one idea per comment.\n"
        "5. Read other people's comments and endorse those you agree with instead of repeating "
        "them.",
        days=24,
    ),
    BlogPost(
        "yesser", ["e-participation"],
        "نتائج استطلاع القناة المفضلة للتواصل مع الجهات الحكومية",
        "Preferred channel poll: the results",
        "ما القنوات التي يفضّلها المستفيدون؟ النتائج وما سنفعله بها.",
        "Which channels do people prefer? The results, and what we will do with them.",
        "أُغلق استطلاع القناة المفضلة للتواصل مع الجهات الحكومية. نعرض في هذه التدوينة "
        "نتائجه النهائية.\n\n"
        "## الخطوات القادمة\n\n"
        "- مشاركة النتائج مع الجهات لتحديد أولويات تطوير قنواتها.\n"
        "- متابعة أثر ذلك في استطلاع العام القادم.",
        "The poll on the preferred channel for contacting government agencies has closed. This "
        "post presents its final results.\n\n"
        "## Next steps\n\n"
        "- Sharing the results with agencies so they can set priorities for their channels.\n"
        "- Following up the effect in next year's poll.",
        days=-19, related="poll:quick",
    ),
    BlogPost(
        "mcit", ["digital-skills", "connectivity"],
        "استبيان رضا المستفيدين عن الخدمات الرقمية: ما الذي سنفعله",
        "Digital services satisfaction survey: what we will do",
        "قرابة ثلاثة آلاف مشارك أخبرونا برأيهم في الخدمات الحكومية الرقمية. هذه خطتنا.",
        "Nearly three thousand people told us what they think of government digital services. "
        "This is our plan.",
        "شكرًا لكل من أجاب عن الاستبيان. نشرنا النتائج كاملة وبيان الوزارة في صفحة الاستبيان، "
        "ونلخص هنا ما سنعمل عليه.\n\n"
        "## خلال الأشهر الستة القادمة\n\n"
        "- تصميم الخدمات الجديدة للجوال أولًا.\n"
        "- قناة موحدة للدعم الفني بمدة رد معلنة.\n"
        "- حفظ الطلبات غير المكتملة تلقائيًا.\n\n"
        "سنعيد الاستبيان بعد عام لنقيس الأثر معكم.",
        "Thank you to everyone who answered the survey. The full results and the Ministry's "
        "statement are on the survey's page; here is a summary of what we will work on.\n\n"
        "## Over the next six months\n\n"
        "- New services designed for mobile first.\n"
        "- One technical support channel with a published response time.\n"
        "- Unfinished applications kept automatically.\n\n"
        "We will run the survey again in a year to measure the effect with you.",
        days=2, related="poll:survey",
    ),
    BlogPost(
        "mcit", ["digital-skills"],
        "أسبوع المهارات الرقمية: دورات مجانية للجميع",
        "Digital Skills Week: free courses for everyone",
        "أكثر من خمسين جهة تقدم دورات مجانية في البرمجة والبيانات والأمن السيبراني.",
        "More than fifty partners offer free courses in programming, data and cybersecurity.",
        "ينطلق أسبوع المهارات الرقمية بدورات قصيرة حضورية وعن بُعد، تناسب المبتدئين "
        "والمتقدمين.\n\n"
        "## المسارات\n\n"
        "- أساسيات البرمجة.\n"
        "- تحليل البيانات.\n"
        "- الأمن السيبراني للأفراد والمنشآت الصغيرة.\n\n"
        "التسجيل مجاني، والمقاعد محدودة في الدورات الحضورية.",
        "Digital Skills Week starts with short courses in person and online, for beginners and "
        "the more advanced.\n\n"
        "## Tracks\n\n"
        "- Programming basics.\n"
        "- Data analysis.\n"
        "- Cybersecurity for individuals and small businesses.\n\n"
        "Registration is free; places in the classroom courses are limited.",
        days=6,
    ),
    BlogPost(
        "mcit", ["connectivity"],
        "كيف نوصل الإنترنت إلى الأحياء الجديدة",
        "Bringing connectivity to new neighbourhoods",
        "ما الذي يحدث بين تسليم المخطط السكني ووصول الألياف البصرية إلى المنازل.",
        "What happens between a new housing plan and fibre reaching the homes.",
        "يسألنا كثيرون عن سبب تأخر وصول الألياف البصرية إلى بعض الأحياء الجديدة. هذه المراحل "
        "كما تجري اليوم.\n\n"
        "## المراحل\n\n"
        "- اعتماد المخطط وتحديد مسارات الشبكة مع الأمانة.\n"
        "- أعمال الحفر والتمديد من مقدمي الخدمة.\n"
        "- التشغيل والربط بالمنازل.\n\n"
        "نعمل مع الأمانات على اشتراط تمديد الشبكة قبل سفلتة الطرق.",
        "Many people ask why fibre reaches some new neighbourhoods late. These are the stages "
        "as they run today.\n\n"
        "## The stages\n\n"
        "- The plan is approved and the network routes agreed with the municipality.\n"
        "- The providers dig and lay the network.\n"
        "- The network is switched on and connected to homes.\n\n"
        "We are working with municipalities to require the network before roads are paved.",
        days=33, comments_open=False,
    ),
    BlogPost(
        "moh", ["digital-health"],
        "لائحة الرعاية الصحية عن بُعد: استطلاع قريب",
        "Telehealth regulation: consultation opening soon",
        "تطرح الوزارة قريبًا مسودة لائحة خدمات الرعاية الصحية عن بُعد لاستطلاع الآراء.",
        "The Ministry will soon open its draft telehealth regulation for comment.",
        "أصبحت الاستشارات الطبية عن بُعد جزءًا من حياة كثيرين، ونحتاج إلى قواعد واضحة تحمي "
        "المرضى وتنظم عمل المنشآت.\n\n"
        "## ما الذي تتناوله المسودة\n\n"
        "- ترخيص المنشآت والممارسين.\n"
        "- حماية بيانات المرضى وحفظها داخل المملكة.\n\n"
        "يُفتح الاستطلاع خلال أيام، ونرحب بمشاركة الممارسين والمرضى على حد سواء.",
        "Remote consultations are now part of many people's lives, and we need clear rules that "
        "protect patients and govern how facilities work.\n\n"
        "## What the draft covers\n\n"
        "- Licensing of facilities and practitioners.\n"
        "- Protecting patients' data and keeping it in the Kingdom.\n\n"
        "The consultation opens in a few days; practitioners and patients alike are welcome.",
        days=1.5, related="consultation:telehealth-regulation",
    ),
    BlogPost(
        "moh", ["digital-health"],
        "مواعيدك الصحية في تطبيق واحد",
        "All your health appointments in one app",
        "حجز المواعيد وتعديلها وإلغاؤها في المراكز الصحية من الجوال.",
        "Book, change and cancel health centre appointments from your phone.",
        "لم تعد بحاجة إلى الاتصال بالمركز الصحي لتغيير موعدك.\n\n"
        "## ما الذي يمكنك فعله\n\n"
        "- حجز موعد مع طبيب الأسرة.\n"
        "- تعديل الموعد أو إلغاؤه قبله بساعتين.\n"
        "- تلقي تذكير قبل الموعد بيوم.",
        "You no longer need to call the health centre to change an appointment.\n\n"
        "## What you can do\n\n"
        "- Book an appointment with your family doctor.\n"
        "- Change or cancel it up to two hours before.\n"
        "- Get a reminder the day before.",
        days=18,
    ),
    BlogPost(
        "moh", ["public-health"],
        "دليل مبسط للإجازات المرضية الإلكترونية",
        "A simple guide to electronic sick leave",
        "كيف تصدر الإجازة المرضية ويطّلع عليها صاحب العمل دون ورق.",
        "How sick leave is issued and reaches your employer without paper.",
        "تصدر الإجازة المرضية إلكترونيًا من المنشأة الصحية بعد الكشف مباشرة.\n\n"
        "## الخطوات\n\n"
        "1. يصدر الطبيب الإجازة في النظام.\n"
        "2. تصلك رسالة بها رابط التحقق.\n"
        "3. يطّلع عليها صاحب العمل عبر المنصة المعتمدة.",
        "Sick leave is issued electronically by the health facility right after your "
        "visit.\n\n"
        "## The steps\n\n"
        "1. The doctor issues the leave in the system.\n"
        "2. You receive a message with a verification link.\n"
        "3. Your employer sees it on the approved platform.",
        days=47,
    ),
    BlogPost(
        "moe", ["schools"],
        "كيف تصل إشعارات المدرسة إلى أولياء الأمور؟ شاركونا رأيكم",
        "How should schools keep parents informed? Tell us",
        "استطلاع سريع يُفتح الأسبوع القادم لاختيار وسيلة موحدة لإشعارات المدارس.",
        "A quick poll opening next week to choose one way for schools to send notices.",
        "تتعدد اليوم وسائل تواصل المدارس مع أولياء الأمور، وتصل الرسائل أحيانًا متأخرة أو "
        "مكررة.\n\n"
        "## ما الذي نسألكم عنه\n\n"
        "- الوسيلة التي تفضلونها لتلقي إشعارات المدرسة.\n\n"
        "يُفتح الاستطلاع الأسبوع القادم لمدة ثلاثة أسابيع.",
        "Schools use many ways to reach parents today, and messages sometimes arrive late or "
        "twice.\n\n"
        "## What we are asking\n\n"
        "- Which way you prefer to receive school notices.\n\n"
        "The poll opens next week for three weeks.",
        days=1, related="poll:quick",
    ),
    BlogPost(
        "moe", ["e-learning"],
        "منصة مدرستي: ما الجديد هذا الفصل",
        "Madrasati platform: what is new this term",
        "تحسينات على الواجبات والتواصل مع المعلمين بناءً على ملاحظاتكم.",
        "Improvements to homework and contact with teachers, based on your feedback.",
        "استمعنا إلى ملاحظات الطلاب وأولياء الأمور والمعلمين خلال الفصل الماضي.\n\n"
        "## الجديد\n\n"
        "- تسليم الواجبات من الجوال بصور متعددة.\n"
        "- إشعار ولي الأمر عند تأخر التسليم.\n"
        "- رسائل مباشرة بين ولي الأمر والمعلم.",
        "We listened to students, parents and teachers over the last term.\n\n"
        "## What is new\n\n"
        "- Homework handed in from a phone, with several photos.\n"
        "- Parents told when homework is late.\n"
        "- Direct messages between parents and teachers.",
        days=20,
    ),
    BlogPost(
        "moe", ["schools"],
        "التقويم الدراسي المعتمد للعام القادم",
        "Next year's school calendar",
        "مواعيد بداية الدراسة والإجازات للعام القادم بعد دراسة الملاحظات.",
        "Term dates and holidays for next year, after the comments were considered.",
        "مسودة: تُنشر بعد اعتماد التقويم.\n\n## المواعيد\n\n- بداية العام الدراسي.",
        "Draft: published once the calendar is approved.\n\n## Dates\n\n- First day of the "
        "year.",
        days=None,
    ),
    BlogPost(
        "moe", ["e-learning"],
        "أفكار من المعلمين لتحسين التعلم عن بُعد",
        "Teachers' ideas for better remote learning",
        "جمعنا أفضل ما اقترحه المعلمون في ورش العمل الإقليمية.",
        "The best of what teachers suggested in the regional workshops.",
        "شارك أكثر من ثلاثمئة معلم ومعلمة في ورش العمل الإقليمية.\n\n"
        "## أبرز الأفكار\n\n"
        "- دروس قصيرة مسجلة يعود إليها الطالب متى شاء.\n"
        "- اختبارات قصيرة تفاعلية بعد كل درس.\n"
        "- ساعة مكتبية أسبوعية لكل معلم.",
        "More than three hundred teachers took part in the regional workshops.\n\n"
        "## The main ideas\n\n"
        "- Short recorded lessons students can go back to.\n"
        "- Short interactive quizzes after each lesson.\n"
        "- A weekly office hour for every teacher.",
        days=52,
    ),
    BlogPost(
        "momah", ["municipal-services"],
        "الحدائق التي نريدها: نبدأ بالاستماع إلى السكان",
        "The parks we want: we start by listening",
        "نستعد لاستبيان عن حدائق الأحياء، ونبدأ بما وصلنا من ملاحظاتكم.",
        "We are preparing a survey on neighbourhood parks, starting from what you told us.",
        "وصلتنا خلال العام مئات الملاحظات عن الحدائق العامة، أغلبها عن الإنارة والظل ودورات "
        "المياه.\n\n"
        "## ما الذي نعمل عليه\n\n"
        "- حصر الحدائق التي تحتاج إلى صيانة عاجلة.\n"
        "- استبيان قريب لمعرفة المرافق التي يريدها السكان.\n\n"
        "أخبرونا في التعليقات عن حديقة حيّكم.",
        "Over the year we received hundreds of remarks about public parks, mostly about "
        "lighting, shade and toilets.\n\n"
        "## What we are working on\n\n"
        "- Listing the parks that need urgent maintenance.\n"
        "- A survey soon on the facilities residents want.\n\n"
        "Tell us about your neighbourhood park in the comments.",
        days=8,
    ),
    BlogPost(
        "momah", ["housing", "municipal-services"],
        "رخص البناء خلال يوم عمل: كيف وصلنا إلى ذلك",
        "Building permits in one working day: how we got there",
        "من أسابيع إلى يوم عمل واحد لرخص البناء السكنية.",
        "From weeks to a single working day for residential building permits.",
        "كان إصدار رخصة البناء السكني يستغرق أسابيع من المراجعات.\n\n"
        "## ما الذي تغيّر\n\n"
        "- ربط الطلب بالصك والمخطط إلكترونيًا.\n"
        "- اعتماد المكاتب الهندسية للمخططات مباشرة.\n"
        "- تدقيق آلي للاشتراطات الأساسية.",
        "A residential building permit used to take weeks of back and forth.\n\n"
        "## What changed\n\n"
        "- The application is linked to the title deed and plan online.\n"
        "- Engineering offices certify the drawings directly.\n"
        "- The basic requirements are checked automatically.",
        days=12,
    ),
    BlogPost(
        "momah", ["housing"],
        "خمسة أسئلة شائعة عن الدعم السكني",
        "Five common questions about housing support",
        "إجابات مختصرة عن الأهلية والتقديم والمدد.",
        "Short answers on eligibility, applying and timing.",
        "جمعنا أكثر الأسئلة تكرارًا في قنوات التواصل.\n\n"
        "## الأسئلة\n\n"
        "- من يحق له التقديم؟\n"
        "- ما المستندات المطلوبة؟\n"
        "- كم تستغرق دراسة الطلب؟\n"
        "- هل يمكن تعديل الطلب بعد تقديمه؟\n"
        "- أين أتابع حالة طلبي؟",
        "We gathered the questions asked most often on our channels.\n\n"
        "## The questions\n\n"
        "- Who may apply?\n"
        "- Which documents are needed?\n"
        "- How long does the review take?\n"
        "- Can an application be changed once sent?\n"
        "- Where do I follow my application?",
        days=36,
    ),
    BlogPost(
        "sdaia", ["data"],
        "مجموعات بيانات جديدة على منصة البيانات المفتوحة",
        "New datasets on the open data portal",
        "أكثر من مئتي مجموعة بيانات جديدة وواجهة برمجية محدثة.",
        "More than two hundred new datasets and an updated API.",
        "نمت منصة البيانات المفتوحة هذا العام بفضل مشاركة الجهات.\n\n"
        "## الجديد\n\n"
        "- بيانات النقل والصحة والتعليم محدثة شهريًا.\n"
        "- واجهة برمجية بترخيص مفتوح.\n"
        "- نماذج استخدام للباحثين ورواد الأعمال.\n\n"
        "{chart}",
        "The open data portal grew this year thanks to the agencies taking part.\n\n"
        "## What is new\n\n"
        "- Transport, health and education data updated monthly.\n"
        "- An API under an open licence.\n"
        "- Examples for researchers and entrepreneurs.\n\n"
        "{chart}",
        days=9,
        chart=([640, 910, 1180, 1420], (0, 84, 147),
               "رسم بياني بالأعمدة يبيّن نمو عدد مجموعات البيانات على المنصة من 640 إلى 910 ثم "
               "1180 ثم 1420 مجموعة خلال العام",
               "Bar chart: datasets on the portal grew from 640 to 910, 1,180 and then 1,420 over "
               "the year"),
    ),
    BlogPost(
        "sdaia", ["data"],
        "ما الذي يعنيه نظام حماية البيانات الشخصية لك",
        "What the personal data protection law means for you",
        "حقوقك في بياناتك الشخصية، وكيف تطلب الاطلاع عليها أو تصحيحها.",
        "Your rights over your personal data, and how to see or correct it.",
        "يمنحك النظام حقوقًا واضحة في بياناتك لدى الجهات.\n\n"
        "## حقوقك\n\n"
        "- أن تعرف لماذا تُجمع بياناتك وكيف تُستخدم.\n"
        "- أن تطّلع عليها وتطلب نسخة منها.\n"
        "- أن تطلب تصحيحها أو إتلافها إذا لم تعد لازمة.",
        "The law gives you clear rights over the data agencies hold about you.\n\n"
        "## Your rights\n\n"
        "- To know why your data is collected and how it is used.\n"
        "- To see it and ask for a copy.\n"
        "- To have it corrected, or destroyed once no longer needed.",
        days=15,
    ),
    BlogPost(
        "sdaia", ["ai"],
        "مبادئ أخلاقيات الذكاء الاصطناعي بلغة بسيطة",
        "AI ethics principles in plain words",
        "سبعة مبادئ تلتزم بها الجهات عند تطوير أنظمة الذكاء الاصطناعي.",
        "Seven principles agencies follow when building AI systems.",
        "نشرنا مبادئ أخلاقيات الذكاء الاصطناعي لدعوة المختصين والعموم إلى إبداء الرأي. هذه "
        "أبرزها.\n\n"
        "## المبادئ\n\n"
        "- النزاهة والإنصاف.\n"
        "- الخصوصية والأمن.\n"
        "- الإنسانية والمسؤولية.\n"
        "- الشفافية وقابلية التفسير.",
        "We published the AI ethics principles for specialists and the public to comment on. "
        "These are the main ones.\n\n"
        "## The principles\n\n"
        "- Integrity and fairness.\n"
        "- Privacy and security.\n"
        "- Humanity and accountability.\n"
        "- Transparency and explainability.",
        days=28,
    ),
    BlogPost(
        "riyadh", ["city-projects"],
        "صيانة الطرق في شمال الرياض: ما تحتاج إلى معرفته",
        "Road works in north Riyadh: what you need to know",
        "مواعيد الأعمال والتحويلات المرورية خلال الشهر القادم.",
        "Dates of the works and traffic diversions over the coming month.",
        "تبدأ أعمال صيانة الطرق في أحياء شمال الرياض الأسبوع القادم.\n\n"
        "## ما الذي يتغير\n\n"
        "- تحويلات مرورية مؤقتة في الطرق الرئيسة.\n"
        "- العمل ليلًا في الشوارع القريبة من المدارس.\n"
        "- إشعار السكان قبل إغلاق أي شارع بيومين.",
        "Road maintenance in north Riyadh's neighbourhoods starts next week.\n\n"
        "## What changes\n\n"
        "- Temporary traffic diversions on the main roads.\n"
        "- Night work in streets near schools.\n"
        "- Residents told two days before any street is closed.",
        days=2,
    ),
    BlogPost(
        "riyadh", ["neighbourhoods"],
        "عشرة آلاف شجرة في أحيائنا",
        "Ten thousand trees in our neighbourhoods",
        "كيف تشارك في مبادرة تشجير الأحياء السكنية.",
        "How to take part in the neighbourhood tree-planting initiative.",
        "تزرع الأمانة عشرة آلاف شجرة في الأحياء السكنية بالتعاون مع السكان.\n\n"
        "## كيف تشارك\n\n"
        "- رشّح موقعًا في حيّك عبر قنوات الأمانة.\n"
        "- انضم إلى أيام الزراعة التطوعية.\n"
        "- تبنَّ شجرة أمام منزلك واعتنِ بها.",
        "The municipality is planting ten thousand trees in residential neighbourhoods with "
        "residents.\n\n"
        "## How to take part\n\n"
        "- Suggest a spot in your neighbourhood on the municipality's channels.\n"
        "- Join the volunteer planting days.\n"
        "- Adopt a tree outside your home and look after it.",
        days=7,
    ),
    BlogPost(
        "riyadh", ["city-projects"],
        "مواقف السيارات في وسط المدينة: خطتنا للأشهر القادمة",
        "",
        "مواقف متعددة الطوابق ومواقف ذكية مدفوعة في وسط الرياض.",
        "",
        "يعاني زوار وسط المدينة من صعوبة إيجاد المواقف، خاصة في المساء.\n\n"
        "## الخطة\n\n"
        "- ثلاثة مواقف متعددة الطوابق.\n"
        "- عدادات ذكية تُدفع من الجوال.\n"
        "- مواقف مخصصة لذوي الإعاقة قرب المداخل.",
        "",
        days=22, slug="city-centre-parking",
    ),
]  # fmt: skip

BLOG_COMMENTS = [
    "شكرًا على التوضيح، تدوينة مفيدة ومختصرة.",
    "نتمنى نشر مثل هذه التحديثات بشكل دوري.",
    "هل يمكن مشاركة تفاصيل أكثر عن الجدول الزمني للتنفيذ؟",
    "خطوة ممتازة، ونأمل أن تشمل جميع المناطق.",
    "جهتنا مهتمة بالاستفادة من هذه التجربة، كيف نتواصل مع الفريق المختص؟",
    "أقترح إضافة أمثلة عملية في التدوينات القادمة.",
    "من المهم أن تصل هذه المعلومات إلى كبار السن بطرق مناسبة لهم.",
    "شكرًا لكم، وننتظر النتائج.",
    "Thank you, very clear. Will there be an English version of the detailed documents?",
    "Useful summary; a short video would help too.",
]
BLOG_STAFF_REPLIES = [
    "شكرًا لملاحظتكم، وسننشر التفاصيل في تدوينة قادمة.",
    "نشكركم، ونقلنا اقتراحكم إلى الفريق المختص.",
    "شكرًا لكم، ويسعدنا تواصلكم عبر صفحة التواصل مع الجهة لأي تفاصيل إضافية.",
]

# --- Forums ---------------------------------------------------------------------------------

FORUM = {
    "slug": "e-participation",
    "name_ar": "المشاركة الإلكترونية",
    "name_en": "E-participation",
    "description_ar": "منتدى يديره برنامج يسّر لتبادل التجارب بين الجهات الحكومية والمهتمين "
    "حول إشراك المستفيدين: الاستطلاعات والمرئيات والأدوات وسياسات المشاركة.",
    "description_en": "A forum run by Yesser for government agencies and everyone interested "
    "to share experience of involving the public: consultations, comments, tools and "
    "participation policies.",
}
FORUM_CATEGORIES = [
    ("experiences", "تجارب الجهات", "Agencies' experiences"),
    ("tools", "الأدوات والمنصات", "Tools and platforms"),
    ("guideline", "الدليل والسياسات", "The guideline and policies"),
]
MCIT_FORUM = {
    "slug": "digital-transformation",
    "name_ar": "منتدى التحول الرقمي للجهات",
    "name_en": "Digital transformation forum for agencies",
    "description_ar": "مساحة لممثلي الجهات لتبادل الخبرات في تطوير الخدمات الرقمية.",
    "description_en": "Where agencies' representatives share experience of building digital "
    "services.",
}
MCIT_CATEGORIES = [
    ("services", "الخدمات الرقمية", "Digital services"),
    ("skills", "المهارات والتدريب", "Skills and training"),
]


@dataclass
class ForumTopic:
    key: str
    category: str
    # "rep" (a confirmed representative), "citizen" (a numbered demo citizen), "citizen@" (the
    # demo citizen), or "<role>" of the forum agency's staff.
    author: str
    # 0: no replies; 1: a few; 2: a discussion; 3: a long one.
    heat: int
    title: str
    body: str
    # Replies written for this topic (author spec, text), sent early in its discussion.
    replies: list[tuple[str, str]] = field(default_factory=list)


TOPICS = [
    ForumTopic("welcome", "experiences", "manager", 1,
        "مرحبًا بكم في منتدى المشاركة الإلكترونية: اقرأ قبل أن تكتب",
        "أهلًا بكم في المنتدى. هدفه تبادل التجارب بين فرق المشاركة الإلكترونية في الجهات ومع "
        "كل المهتمين.\n\n"
        "- ابحث في المواضيع قبل فتح موضوع جديد.\n"
        "- اختر التصنيف المناسب واكتب عنوانًا واضحًا.\n"
        "- أيّد المشاركات المفيدة بدل تكرارها.\n"
        "- لطلب يخص حسابك أو معاملة بعينها استخدم صفحة التواصل مع الجهة.\n\n"
        "يطبّق فريق الإشراف قواعد المشاركة المنشورة، ويُعلّم فريق البرنامج الإجابة المعتمدة "
        "في المواضيع التي تحتاج إلى رد رسمي.",
        replies=[("moderator", "شكرًا لترحيبكم. نغلق هذا الموضوع للردود ليبقى مرجعًا مختصرًا، "
                               "ونرحب بأسئلتكم واقتراحاتكم في مواضيع جديدة.")]),
    ForumTopic("workshops", "tools", "editor", 2,
        "جدول الورش التعريفية بالمنصة للربع القادم",
        "ننظم في الربع القادم أربع ورش تعريفية عن بُعد لفرق الجهات:\n\n"
        "1. إعداد الاستطلاع ونشر المسودة.\n"
        "2. الإشراف على المشاركات وقواعدها.\n"
        "3. الرد على المرئيات ونشر التقرير النهائي.\n"
        "4. الاستبيانات والاستطلاعات السريعة.\n\n"
        "اكتبوا في الردود الموضوعات التي تودون إضافتها.",
        replies=[("rep", "نرجو إضافة ورشة عن قراءة لوحة المؤشرات وتقارير التواصل."),
                 ("editor", "شكرًا للاقتراح، أضفنا ورشة خامسة عن لوحة المؤشرات وسنعلن موعدها "
                            "هنا.")]),
    ForumTopic("new-agencies", "experiences", "rep", 3,
        "للجهات المنضمة حديثًا: أسئلة البداية هنا",
        "انضمت جهتنا إلى المنصة الشهر الماضي، وأظن أن جهات أخرى في المرحلة نفسها. أقترح أن "
        "نجمع أسئلة البداية في هذا الموضوع: من يدير الحساب، وكيف نوزع الأدوار، وما أول "
        "استطلاع يناسب البدء."),
    ForumTopic("raise-participation", "experiences", "rep", 3,
        "كيف رفعتم نسبة المشاركة في استطلاعاتكم؟",
        "أطلقت جهتنا ثلاثة استطلاعات هذا العام، ولم تتجاوز المشاركة في أي منها بضع مئات. ما "
        "الذي جربتموه ونجح معكم في الوصول إلى عدد أكبر من المستفيدين؟"),
    ForumTopic("answer-every-comment", "experiences", "rep", 2,
        "تجربتنا في الرد على كل مرئية خلال أسبوعين",
        "التزمنا في آخر استطلاع بالرد على كل مرئية خلال أسبوعين من وصولها بدل انتظار إغلاق "
        "الاستطلاع. زاد ذلك العبء على الفريق، لكن المشاركين صاروا يعودون ويتفاعلون مع الردود. "
        "هل جرب أحدكم ذلك؟"),
    ForumTopic("what-we-did", "experiences", "rep", 2,
        "تقرير «ماذا فعلنا بمرئياتكم» بعد كل استطلاع",
        "ننشر بعد كل استطلاع تقريرًا قصيرًا يوضح ما أُخذ به من المرئيات وما لم يُؤخذ به "
        "وسبب ذلك. أشارككم القالب الذي نستخدمه وأرحب بملاحظاتكم عليه."),
    ForumTopic("accessibility", "experiences", "rep", 2,
        "إشراك الأشخاص ذوي الإعاقة في الاستطلاعات",
        "ما الذي تفعلونه ليتمكن الأشخاص ذوو الإعاقة من المشاركة؟ نفكر في نسخة صوتية من "
        "الملخص وفي اختبار الصفحات مع جمعيات متخصصة."),
    ForumTopic("regions", "experiences", "rep", 1,
        "الوصول إلى المستفيدين خارج المدن الكبرى",
        "أغلب المشاركين في استطلاعاتنا من الرياض وجدة والدمام. كيف تصلون إلى سكان المحافظات "
        "والقرى؟"),
    ForumTopic("technical-departments", "experiences", "rep", 2,
        "كيف تقنعون الإدارات الفنية بالتفاعل مع المرئيات؟",
        "تصلنا مرئيات ممتازة، لكن الإدارة الفنية تتأخر في الرد عليها لأنها تراها عبئًا "
        "إضافيًا. كيف تعاملتم مع ذلك؟"),
    ForumTopic("workshops-in-person", "experiences", "rep", 1,
        "الورش الحضورية بجانب المنصة: هل تستحق الجهد؟",
        "نفكر في ورش حضورية مصاحبة للاستطلاع في ثلاث مناطق. هل وجدتم أنها تضيف مرئيات "
        "مختلفة عما يصل عبر المنصة؟"),
    ForumTopic("sms-invitations", "experiences", "rep", 0,
        "دعوة المستفيدين للمشاركة عبر الرسائل النصية",
        "هل جرب أحد إرسال رسائل نصية للمستفيدين المسجلين في خدمات الجهة لدعوتهم إلى استطلاع "
        "بعينه؟ وما الضوابط التي اتبعتموها؟"),
    ForumTopic("measure-impact", "experiences", "rep", 2,
        "قياس أثر المشاركة على القرار النهائي",
        "كيف نقيس أن المشاركة غيّرت فعلًا في القرار؟ نفكر في مؤشر لنسبة المواد المعدلة بعد "
        "الاستطلاع، لكنه لا يعكس كل شيء."),
    ForumTopic("duration", "experiences", "citizen", 1,
        "ما المدة المناسبة لفتح الاستطلاع؟",
        "بصفتي مواطنًا أتابع الاستطلاعات، أجد أن أسبوعين لا يكفيان لقراءة لائحة طويلة. ما "
        "المدة التي تعتمدها جهاتكم؟"),
    ForumTopic("negative-comments", "experiences", "rep", 2,
        "التعامل مع المرئيات الحادة بشكل بنّاء",
        "بعض المرئيات تأتي بلهجة حادة لكنها تحمل ملاحظة صحيحة. كيف تردون عليها دون أن تتحول "
        "إلى جدال؟"),
    ForumTopic("bilingual", "experiences", "rep", 1,
        "Our experience with bilingual consultations",
        "We published our last draft in Arabic and English and received comments from "
        "residents and foreign companies we had never heard from before. Happy to share how "
        "we organised the translation."),
    ForumTopic("sorting-comments", "tools", "rep", 2,
        "أفضل طريقة لفرز مئات المرئيات بسرعة",
        "وصلنا في آخر استطلاع أكثر من ألف مرئية. نستخدم التصنيف حسب الموقف، لكن الفرز ما زال "
        "يأخذ وقتًا طويلًا. كيف تنظمون العمل؟"),
    ForumTopic("pre-or-post", "tools", "rep", 2,
        "إشراف مسبق أم لاحق؟",
        "ما الإعداد الذي تعتمدونه في المنتديات والتعليقات على الأخبار؟ نخشى أن يؤخر الإشراف "
        "المسبق النقاش، وأن يسمح اللاحق بنشر ما يخالف القواعد."),
    ForumTopic("abuse-list", "tools", "rep", 1,
        "قائمة الكلمات المسيئة: هل عدّلتموها لجهتكم؟",
        "هل أضاف أحدكم كلمات إلى قائمة الكلمات المسيئة الخاصة بجهته؟ نرى أن بعض الكلمات "
        "العامية تحتاج إلى إضافة."),
    ForumTopic("quick-or-survey", "tools", "rep", 1,
        "الاستطلاع السريع أم الاستبيان الطويل؟",
        "متى تختارون سؤالًا واحدًا سريعًا، ومتى تحتاجون إلى استبيان من عدة صفحات؟"),
    ForumTopic("social-media", "tools", "rep", 0,
        "ربط الاستطلاعات بحسابات الجهة في وسائل التواصل",
        "نرغب في نشر روابط الاستطلاعات تلقائيًا في حسابات الجهة. هل من تجربة في ذلك؟"),
    ForumTopic("email-notices", "tools", "citizen", 1,
        "إشعارات البريد عند الرد على مرئيتي",
        "وصلني إشعار بالبريد عندما ردت الجهة على مرئيتي، وهذا ممتاز. هل يمكن اختيار ملخص "
        "يومي بدل رسالة لكل رد؟",
        replies=[("rep", "نعم، من صفحة تفضيلات الإشعارات في حسابك تختار لكل نوع رسالة فورية "
                         "أو ملخصًا يوميًا.")]),
    ForumTopic("team-roles", "tools", "rep", 2,
        "أدوار الفريق: من يرد ومن يعتمد؟",
        "كيف وزعتم الأدوار في جهاتكم بين المحرر والمشرف والمسؤول عن الرد؟ هل يعتمد المدير كل "
        "رد قبل نشره؟"),
    ForumTopic("live-results", "tools", "rep", 1,
        "عرض النتائج مباشرة أم بعد الإغلاق؟",
        "في الاستطلاعات السريعة، هل تعرضون النتائج أثناء التصويت؟ نخشى أن تؤثر في اختيار من "
        "يصوّت لاحقًا."),
    ForumTopic("word-upload", "tools", "rep", 1,
        "مشكلة في رفع المسودة بصيغة Word",
        "عند رفع المسودة بصيغة Word تظهر بعض المواد مدمجة في مادة واحدة. هل هناك طريقة "
        "لتنسيق الملف قبل رفعه؟",
        replies=[("responder", "شكرًا لسؤالكم. تتعرف المنصة على المواد من العناوين، فاجعلوا "
                               "عنوان كل مادة بنمط «عنوان 2» في Word وابدؤوه بكلمة «المادة» "
                               "ثم رقمها. وإن بقيت مشكلة فيمكن تعديل تقسيم المواد من صفحة "
                               "النسخة قبل نشرها.")]),
    ForumTopic("representative-status", "tools", "rep", 1,
        "كيف أعرف أن حسابي ممثل معتمد للجهة؟",
        "سجلت ممثلًا لجهتي قبل أسبوع، ولا أعرف إن كان الطلب قد اعتُمد. أين أجد ذلك؟",
        replies=[("responder", "تجدون حالة الطلب في صفحة حسابكم تحت «تمثيل الجهات». يعتمد "
                               "الطلب مدير حساب الجهة في المنصة، ويصلكم إشعار عند اعتماده أو "
                               "رفضه. وإن طال الانتظار فتواصلوا مع مدير حساب جهتكم.")]),
    ForumTopic("export", "tools", "rep", 1,
        "Exporting comments together with the article text",
        "Is there a way to export the comment-response matrix with the text of each article "
        "next to the comments? Our legal team asks for it."),
    ForumTopic("dark-mode", "tools", "citizen", 0,
        "مقترح: وضع تباين عالٍ أوضح على الجوال",
        "أستخدم المنصة على الجوال ليلًا، وأقترح أن يكون زر التباين العالي ظاهرًا في أعلى "
        "الصفحة."),
    ForumTopic("guideline-duration", "guideline", "rep", 2,
        "مقترح: أن تكون مدة الاستطلاع في الدليل ثلاثين يومًا على الأقل للوائح",
        "تنص المسودة على مدة لا تقل عن أسبوعين لكل استطلاع. أقترح أن تكون ثلاثين يومًا على "
        "الأقل في مسودات الأنظمة واللوائح لطولها وأثرها، وأسبوعين في غيرها.",
        replies=[("editor", "شكرًا للمقترح. سجّلناه مقترحًا على مسودة الدليل، وسيُنظر فيه مع "
                            "بقية المرئيات، ويمكنكم أيضًا التعليق على المادة نفسها في صفحة "
                            "المسودة.")]),
    ForumTopic("semi-government", "guideline", "rep", 2,
        "هل يشمل الدليل الجهات شبه الحكومية؟",
        "جهتنا شركة مملوكة للدولة تقدم خدمات عامة. هل يسري عليها الدليل بعد اعتماده؟",
        replies=[("manager", "يسري الدليل على الجهات الحكومية، ويُستأنس به في الجهات التي "
                             "تقدم خدمات عامة نيابة عنها. وسنوضح ذلك في نطاق التطبيق في "
                             "النسخة القادمة من المسودة بناءً على هذا السؤال.")]),
    ForumTopic("readiness-weights", "guideline", "rep", 2,
        "مؤشرات قياس الجاهزية: ما رأيكم في الأوزان المقترحة؟",
        "تعطي المسودة الوزن الأكبر لعدد الاستطلاعات المنشورة. أرى أن جودة الردود ونشر "
        "التقارير أولى بالوزن الأكبر."),
    ForumTopic("team-size", "guideline", "rep", 1,
        "فريق المشاركة الإلكترونية: كم عضوًا تحتاج الجهة؟",
        "تطلب المسودة تشكيل فريق للمشاركة الإلكترونية. كم عدد أعضاء الفريق لديكم، ومن أي "
        "إدارات؟"),
    ForumTopic("names-published", "guideline", "rep", 2,
        "نشر المرئيات بأسماء أصحابها أم دون أسماء؟",
        "هل يُنشر اسم صاحب المرئية مع نصها؟ يفضّل بعض الموظفين المشاركة دون ذكر أسمائهم."),
    ForumTopic("regulations-pre", "guideline", "rep", 1,
        "استطلاعات الأنظمة واللوائح: إشراف مسبق دائمًا؟",
        "هل يلزم الدليل بالإشراف المسبق على مرئيات الأنظمة واللوائح، أم يترك ذلك للجهة؟"),
    ForumTopic("retention", "guideline", "rep", 0,
        "الاحتفاظ بالمرئيات بعد انتهاء الاستطلاع",
        "كم مدة الاحتفاظ بالمرئيات وبيانات أصحابها بعد نشر التقرير النهائي؟"),
    ForumTopic("pdpl", "guideline", "rep", 1,
        "التوافق مع نظام حماية البيانات الشخصية",
        "ما الذي يجب أن تتضمنه سياسة الخصوصية في صفحة الاستطلاع ليتوافق مع النظام؟"),
    ForumTopic("working-day", "guideline", "rep", 1,
        "ما المقصود بيوم العمل في مدد الرد؟",
        "تنص المسودة على الرد خلال خمسة أيام عمل. هل تحتسب الإجازات الرسمية الخاصة بكل "
        "جهة؟",
        replies=[("responder", "نعم، تُحتسب المدد بأيام العمل وساعاته في تقويم كل جهة، "
                               "وتُستثنى العطل الرسمية والأيام التي تعلنها الجهة في تقويمها. "
                               "ويظهر للمستفيد الموعد المتوقع للرد محسوبًا على ذلك.")]),
    ForumTopic("final-report", "guideline", "citizen", 1,
        "متى يُنشر التقرير النهائي للاستطلاع؟",
        "شاركت في استطلاع أُغلق قبل شهرين ولم يُنشر تقريره بعد. هل هناك مدة محددة؟"),
    ForumTopic("duplicate", "experiences", "rep", 1,
        "كيف نزيد أعداد المشاركين في الاستطلاعات؟",
        "نبحث عن أفكار لزيادة أعداد المشاركين في استطلاعات جهتنا.",
        replies=[("moderator", "شكرًا لكم. هذا الموضوع مكرر، ونغلقه ليستمر النقاش في موضوع "
                               "«كيف رفعتم نسبة المشاركة في استطلاعاتكم؟» المثبت في قسم تجارب "
                               "الجهات.")]),
    ForumTopic("citizens-welcome", "experiences", "citizen@", 1,
        "هل يمكن للمواطنين المشاركة في الاستطلاعات أم للممثلين فقط؟",
        "لاحظت أن كثيرًا من المشاركين ممثلون للجهات. هل يحق لي بصفتي مواطنًا أن أعلّق على "
        "المسودات، وهل يُؤخذ برأيي بالقدر نفسه؟",
        replies=[("manager", "أهلًا بك. الاستطلاعات مفتوحة لكل من يسجل في المنصة ما لم تحدد "
                             "الجهة غير ذلك، وتُعامل مرئيات المواطنين ومرئيات الجهات بالطريقة "
                             "نفسها: تُقرأ ويُرد عليها، ويظهر في التقرير النهائي ما أُخذ به "
                             "منها.")]),
    ForumTopic("missing-comment", "tools", "citizen@", 0,
        "لا أجد مرئيتي على مسودة الدليل بعد إرسالها",
        "أرسلت مرئية على المادة الخامسة من مسودة الدليل قبل ثلاثة أيام، ولا أجدها في الصفحة. "
        "هل حُذفت؟"),
    ForumTopic("open-data-reuse", "tools", "citizen", 1,
        "إتاحة نتائج الاستطلاعات بيانات مفتوحة",
        "أقترح نشر نتائج الاستبيانات المغلقة بصيغة مفتوحة ليستفيد منها الباحثون."),
]  # fmt: skip

PINNED = ["welcome", "workshops", "raise-participation"]
LOCKED = ["welcome", "duplicate"]
# Topic -> role of the staff member who marks the reply written for it as the staff answer.
STAFF_ANSWERS = ["word-upload", "representative-status", "semi-government", "working-day",
                 "citizens-welcome"]  # fmt: skip
TO_REQUEST = "missing-comment"
TO_REQUEST_REPLY = (
    "شكرًا لكم. حوّلنا موضوعكم إلى طلب رسمي لفريق الاستفسارات للتحقق من مرئيتكم، وتجدونه في "
    "صفحة «طلباتي» وستصلكم الإجابة هناك."
)
TO_CONSULTATION = "guideline-duration"

MCIT_TOPICS = [
    ForumTopic("api-gateway", "services", "rep", 2,
        "تجارب الربط بين الأنظمة عبر قناة التكامل الحكومية",
        "نعمل على ربط خدماتنا بقناة التكامل الحكومية. ما أبرز التحديات التي واجهتكم في "
        "الاختبار والتشغيل؟"),
    ForumTopic("mobile-first", "services", "manager", 1,
        "تصميم الخدمات للجوال أولًا: دعوة لتبادل الأمثلة",
        "أظهر استبيان رضا المستفيدين أن أغلب المستخدمين يصلون إلى الخدمات من الجوال. شاركونا "
        "أمثلة لخدمات أعدتم تصميمها للجوال وما تعلمتموه."),
    ForumTopic("training", "skills", "rep", 1,
        "برامج تدريب موظفي الجهات على الخدمات الرقمية",
        "ما البرامج التدريبية التي وجدتموها مفيدة لموظفي الخدمات الرقمية؟"),
    ForumTopic("support-sla", "services", "rep", 1,
        "مدة الرد في الدعم الفني: ما الذي تلتزمون به؟",
        "نريد إعلان مدة قصوى للرد في الدعم الفني. ما المدد المعلنة لديكم؟",
        replies=[("responder", "توصي الوزارة بإعلان مدة لا تتجاوز يوم عمل للرد الأول في "
                               "المحادثة، وثلاثة أيام عمل لحل المشكلات التي تحتاج إلى تدخل "
                               "فني، مع إشعار المستفيد بكل تغير في حالة طلبه.")]),
    ForumTopic("cloud", "services", "rep", 0,
        "نقل الخدمات إلى الحوسبة السحابية الحكومية",
        "هل من جهة أكملت نقل خدماتها إلى السحابة الحكومية؟ نود معرفة المدة والتكلفة التقريبية."),
]  # fmt: skip
MCIT_PINNED = ["mobile-first"]
MCIT_STAFF_ANSWERS = ["support-sla"]

# Replies written from these parts: an opening, a point from experience, sometimes an ending.
OPENERS = [
    "شكرًا على طرح الموضوع.",
    "تجربتنا مشابهة.",
    "أتفق مع ما ذُكر.",
    "من واقع تجربة جهتنا:",
    "نقطة مهمة.",
    "سؤال في محله.",
    "لدينا تجربة قريبة.",
    "أضيف إلى ما سبق:",
    "بحسب ما طبقناه العام الماضي:",
    "نحن في المرحلة نفسها تقريبًا.",
    "للأمانة،",
    "جربنا ذلك في جهتنا.",
]
POINTS = [
    "خصصنا موظفًا لمتابعة المرئيات يوميًا، فانخفض وقت الرد لدينا إلى النصف.",
    "الإعلان عن الاستطلاع في حسابات الجهة على وسائل التواصل ضاعف عدد المشاركين.",
    "نشرنا ملخصًا بلغة مبسطة بجانب النص الكامل، فزادت التعليقات على المواد الفنية.",
    "مددنا الاستطلاع أسبوعًا، لكن أغلب المرئيات وصلت في الأيام الأولى والأخيرة.",
    "الرد على كل مرئية ولو باختصار جعل المشاركين يعودون في الاستطلاعات التالية.",
    "نرسل تذكيرًا قبل إغلاق الاستطلاع بثلاثة أيام، ويصل بعده نحو ربع المرئيات.",
    "اعتمدنا الإشراف اللاحق في المنتديات، والمسبق في اللوائح فقط، ولم نواجه مشكلات تذكر.",
    "أعددنا قوالب للردود حسب نوع المرئية، ونخصص الرد عند الحاجة.",
    "نعقد اجتماعًا أسبوعيًا قصيرًا مع الإدارات المعنية لمراجعة المرئيات الجديدة.",
    "الأسئلة المفتوحة القصيرة جلبت لنا إجابات أفضل من الأسئلة الطويلة.",
    "ننشر في نهاية كل استطلاع جدولًا بما أُخذ به وما لم يُؤخذ به وسبب ذلك.",
    "أشركنا جمعيات الأشخاص ذوي الإعاقة في اختبار الاستطلاع قبل إطلاقه، واستفدنا من "
    "ملاحظاتهم كثيرًا.",
    "قسّمنا المسودة الطويلة إلى أجزاء، وفتحنا كل جزء أسبوعين.",
    "نتابع المرئيات المتأخرة في لوحة المؤشرات، فصار التأخير نادرًا.",
    "ترجمنا ملخص المسودة إلى الإنجليزية، فوصلتنا مرئيات من المقيمين والشركات.",
    "التواصل مع الغرف التجارية أوصل الاستطلاع إلى فئة لم نكن نصل إليها.",
    "درّبنا فريق الإشراف على قواعد المشاركة، فصارت قراراته أكثر اتساقًا.",
    "نجعل عنوان الاستطلاع سؤالًا واضحًا بدل اسم المشروع.",
    "نعلن في بداية الاستطلاع متى وكيف ننشر النتائج، وهذا بنى ثقة أكبر.",
    "أفضل ما فعلناه إشراك الإدارة الفنية من البداية بدل إحالة المرئيات إليها في النهاية.",
    "أغلب المشاركين لدينا يستخدمون الجوال، فاختصرنا النصوص والنماذج.",
    "التصنيف حسب الموقف من تأييد واعتراض وتعديل سرّع الفرز كثيرًا.",
    "نرد على المرئيات المتشابهة ردًا واحدًا ونشير إلى ذلك في كل منها.",
    "التجربة عندنا في بدايتها، وسأشارككم النتائج بعد الاستطلاع القادم.",
    "نوقّع الرد باسم الإدارة المختصة لا باسم الجهة عمومًا، وهذا لقي استحسانًا.",
    "حددنا مسؤولًا واحدًا لكل استطلاع يتابعه من الإطلاق إلى نشر التقرير.",
    "نحتفظ بسجل للمرئيات التي أدت إلى تعديلات، ونستشهد به في الاستطلاعات التالية.",
    "طبقنا فكرة اقترحها أحد المشاركين، وأعلنا ذلك مع شكره، فكان له أثر طيب.",
    "وجدنا أن الإجابة عن الأسئلة في المنتدى توفر كثيرًا من الطلبات المكررة.",
    "نراجع كل ثلاثة أشهر ما وصلنا في المنتدى ونحوّل الأفكار المتكررة إلى مشاريع.",
]
ENDINGS = [
    "",
    "",
    "",
    " وأرجو أن يفيد ذلك.",
    " ويسعدني تبادل التفاصيل مع من يرغب.",
    " وأتمنى أن نرى تجارب أخرى هنا.",
    " ما رأيكم؟",
    " وشكرًا للجميع.",
]
FOLLOW_UPS = [
    "شكرًا على المشاركة، هل يمكن توضيح كيف طبقتم ذلك عمليًا؟",
    "فكرة ممتازة، سأنقلها إلى فريقنا.",
    "هل واجهتم مقاومة من الإدارات الأخرى في البداية؟",
    "كم استغرق ذلك حتى ظهرت النتائج؟",
    "تجربتنا مشابهة تقريبًا، وكانت النتيجة مشجعة.",
    "أختلف قليلًا: كانت النتيجة عندنا عكسية بسبب ضيق الوقت.",
    "هل لديكم نموذج يمكن مشاركته هنا؟",
    "أضيف أن ذلك يحتاج إلى دعم واضح من الإدارة العليا.",
    "صحيح، ولاحظنا الأمر نفسه في استطلاعنا الأخير.",
    "هل تقيسون ذلك بمؤشر محدد؟",
]
ENGLISH_REPLIES = [
    "Same here: a short plain-language summary roughly doubled the comments we received.",
    "We publish a table of what we took up and why after every consultation; it builds trust.",
    "Good question. We ended up naming one person responsible for each consultation.",
    "Our legal team asked for the same thing; we would find it useful too.",
]
# Heat -> (fewest, most) replies.
REPLIES_BY_HEAT = {0: (0, 0), 1: (4, 8), 2: (12, 18), 3: (30, 40)}
THREADED_SHARE = 0.3


# --- Loading --------------------------------------------------------------------------------


@dataclass
class People:
    representatives: list[User]
    citizens: list[User]
    demo_citizen: User


def load(demo: DemoContext) -> None:
    rng = random.Random(SEED)
    limits = {"user": {"limit": 10_000, "period": 600}, "ip": {"limit": 10_000, "period": 600}}
    with override_settings(MUSHARAKA_CONTRIBUTION_RATE_LIMITS=limits):
        confirmed = set(
            Representation.objects.filter(
                user__in=demo.representatives, status=RepresentationStatus.CONFIRMED
            ).values_list("user_id", flat=True)
        )
        people = People(
            representatives=[u for u in demo.representatives if u.pk in confirmed],
            citizens=demo.citizens[1:],
            demo_citizen=demo.citizens[0],
        )
        _blogs(demo, rng, people)
        _platform_forum(demo, rng, people)
        _mcit_forum(demo, rng, people)


def _rules(agency) -> ParticipationRules | None:
    return participation_selectors.current_rules(agency=agency)


def _date(contribution: Contribution, at: datetime) -> None:
    """Date a text back to when it was sent (right after sending it, so the next text of the
    same author is not taken for a burst of posting)."""
    Contribution.objects.filter(pk=contribution.pk).update(
        created_at=at, published_at=at if contribution.status == Status.PUBLISHED else None
    )
    contribution.created_at = at


# --- Blogs ----------------------------------------------------------------------------------


def _chart_png(heights: list[int], colour: tuple[int, int, int]) -> bytes:
    """A small bar chart (no lettering: the description carries the figures)."""
    width, height, margin = 640, 360, 40
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.line([(margin, margin // 2), (margin, height - margin)], fill=(90, 90, 90), width=2)
    draw.line(
        [(margin, height - margin), (width - margin // 2, height - margin)],
        fill=(90, 90, 90),
        width=2,
    )
    top = max(heights)
    slot = (width - 2 * margin) // len(heights)
    for i, value in enumerate(heights):
        bar = int((height - 2 * margin - 10) * value / top)
        left = margin + i * slot + slot // 4
        draw.rectangle(
            [(left, height - margin - bar), (left + slot // 2, height - margin - 1)], fill=colour
        )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _related(demo: DemoContext, slug: str, related: str) -> dict:
    from musharaka.consultations.models import Consultation
    from musharaka.polls.models import Poll

    kind, _, value = related.partition(":")
    agency = demo.agencies[slug]
    if kind == "consultation":
        found = Consultation.objects.filter(agency=agency, slug=value).first()
        return {"related_consultation": found} if found else {}
    if kind == "poll":
        found = Poll.objects.filter(agency=agency, kind=value).order_by("pk").first()
        return {"related_poll": found} if found else {}
    return {}


def _blogs(demo: DemoContext, rng: random.Random, people: People) -> None:
    now = timezone.now()
    categories = {
        slug: {
            key: services.category_save(
                actor=demo.staff[(slug, "editor")],
                agency=demo.agencies[slug],
                category=None,
                data={"slug": key, "name_ar": name_ar, "name_en": name_en},
            )
            for key, name_ar, name_en in rows
        }
        for slug, rows in CATEGORIES.items()
        if slug in demo.agencies
    }
    commenters = list(people.representatives)
    for entry in POSTS:
        if entry.agency not in demo.agencies:
            continue
        agency = demo.agencies[entry.agency]
        editor = demo.staff[(entry.agency, "editor")]
        data = {
            "title_ar": entry.title_ar,
            "title_en": entry.title_en,
            "summary_ar": entry.summary_ar,
            "summary_en": entry.summary_en,
            "body_ar": entry.body_ar.replace("{chart}", ""),
            "body_en": entry.body_en.replace("{chart}", ""),
            "comments_open": entry.comments_open,
            "slug": entry.slug,
            **_related(demo, entry.agency, entry.related),
        }
        post = services.post_save(
            actor=editor,
            agency=agency,
            post=None,
            data=data,
            categories=[categories[entry.agency][key] for key in entry.categories],
        )
        if entry.chart:
            _add_chart(editor, post, entry)
        if entry.days is None:
            continue
        when = now - timedelta(days=entry.days)
        services.post_publish(actor=editor, post=post, at=when)
        written = min(when, now) - timedelta(hours=rng.randint(3, 30))
        Post.objects.filter(pk=post.pk).update(created_at=written, updated_at=min(when, now))
        if entry.days > 0 and entry.comments_open:
            _blog_comments(demo, rng, post, when, commenters)


def _add_chart(editor: User, post: Post, entry: BlogPost) -> None:
    heights, colour, alt_ar, alt_en = entry.chart
    upload = SimpleUploadedFile(
        f"{post.slug}-chart.png", _chart_png(heights, colour), content_type="image/png"
    )
    image = services.post_image_add(
        actor=editor, post=post, upload=upload, alt_ar=alt_ar, alt_en=alt_en
    )
    services.post_save(
        actor=editor,
        agency=post.agency,
        post=post,
        data={
            "body_ar": entry.body_ar.replace("{chart}", f"![{alt_ar}](image:{image.pk})"),
            "body_en": entry.body_en.replace("{chart}", f"![{alt_en}](image:{image.pk})"),
        },
    )


def _blog_comments(
    demo: DemoContext, rng: random.Random, post: Post, published: datetime, commenters
) -> None:
    """A few comments from representatives, the agency's editor answering one now and then."""
    space = participation_selectors.space_for(owner=post)
    rules = _rules(post.agency)
    count = rng.choice([0, 1, 2, 2, 3, 4])
    texts = rng.sample(BLOG_COMMENTS, count)
    authors = rng.sample(commenters, count)
    span = (timezone.now() - published).total_seconds()
    moments = sorted(published + timedelta(seconds=span * rng.uniform(0.05, 0.9)) for _ in texts)
    answered = False
    for text, author, at in zip(texts, authors, moments, strict=True):
        comment = contribution_submit(actor=author, space=space, body=text, accepted_rules=rules)
        _date(comment, at)
        if not answered and rng.random() < 0.3 and comment.status == Status.PUBLISHED:
            answered = True
            reply = contribution_submit(
                actor=demo.staff[(post.agency.slug, "editor")],
                space=space,
                body=rng.choice(BLOG_STAFF_REPLIES),
                parent=comment,
                accepted_rules=rules,
            )
            answer_at = at + timedelta(hours=rng.randint(2, 20))
            _date(reply, min(answer_at, timezone.now() - timedelta(minutes=30)))


# --- Forums ---------------------------------------------------------------------------------


@dataclass
class Thread:
    """A topic being written: its replies so far, for picking whom a reply answers."""

    spec: ForumTopic
    topic: Topic
    replies: list[Contribution] = field(default_factory=list)
    written: dict[str, Contribution] = field(default_factory=dict)  # spec replies by author


class ForumWriter:
    """Sends a forum's topics and replies through the services in the order they happened."""

    def __init__(
        self, demo: DemoContext, rng: random.Random, forum: Forum, keys: list[str], people: People
    ):
        self.demo, self.rng, self.forum, self.people = demo, rng, forum, people
        self.space = services.forum_space(forum)
        self.rules = _rules(forum.agency)
        self.categories = dict(zip(keys, forum.categories.order_by("position", "pk"), strict=True))
        self.threads: dict[str, Thread] = {}

    def author(self, spec: str) -> User:
        if spec == "citizen" and self.forum.posting != Posting.SIGNED_IN:
            spec = "rep"
        if spec == "rep":
            return self.rng.choice(self.people.representatives)
        if spec == "citizen":
            return self.rng.choice(self.people.citizens)
        if spec == "citizen@":
            return self.people.demo_citizen
        return self.demo.staff[(self.forum.agency.slug, spec)]

    def plan(self, specs: list[ForumTopic], now: datetime, locked: list[str]) -> list[tuple]:
        """Every topic start and reply as (when, order, kind, key, payload), oldest first. The
        replies written for a topic come early in its discussion, except in a topic that gets
        locked, where the staff's note closes it."""
        events = []
        for n, spec in enumerate(specs):
            started = now - timedelta(days=self.rng.uniform(2, HISTORY_DAYS))
            if spec.key in ("welcome", "workshops"):
                started = now - timedelta(days=HISTORY_DAYS - n)
            events.append((started, n, "topic", spec.key, spec))
            end = now - timedelta(hours=1)
            span = (end - started).total_seconds()
            low, high = REPLIES_BY_HEAT[spec.heat]
            if spec.key in locked and spec.replies:
                span = min(span, 3 * 86400.0)  # a short exchange, then the lock
            moments = [
                started + timedelta(seconds=600 + (span - 600) * self.rng.random() ** 2)
                for _ in range(self.rng.randint(low, high))
            ]
            events += [(at, n, "reply", spec.key, None) for at in moments]
            first = max(moments) if spec.key in locked and moments else started
            for i, (who, text) in enumerate(spec.replies):
                at = first + timedelta(hours=3 + 9 * i + self.rng.uniform(0, 6))
                events.append((min(at, end), n, "written", spec.key, (who, text)))
        events.sort(key=lambda e: (e[0], e[1]))
        return events

    def write(self, specs: list[ForumTopic], locked: list[str]) -> None:
        for at, _n, kind, key, payload in self.plan(specs, timezone.now(), locked):
            if kind == "topic":
                self.start(payload, at)
            elif kind == "written":
                who, text = payload
                reply = self.reply(self.threads[key], self.author(who), text, at, parent=None)
                self.threads[key].written[who] = reply
            else:
                self.generated_reply(self.threads[key], at)

    def start(self, spec: ForumTopic, at: datetime) -> None:
        topic = services.topic_start(
            actor=self.author(spec.author),
            forum=self.forum,
            title=spec.title,
            body=spec.body,
            category=self.categories[spec.category],
            accepted_rules=self.rules,
        )
        Topic.objects.filter(pk=topic.pk).update(created_at=at)
        topic.created_at = at
        _date(topic.opening, at)
        self.threads[spec.key] = Thread(spec, topic)

    def reply(self, thread: Thread, author: User, text: str, at: datetime, parent) -> Contribution:
        reply = contribution_submit(
            actor=author,
            space=self.space,
            body=text,
            target=thread.topic,
            parent=parent,
            accepted_rules=self.rules,
            extra={"announced": True},  # history: followers are not told again today
        )
        _date(reply, at)
        if reply.status == Status.PUBLISHED:
            thread.replies.append(reply)
        return reply

    def generated_reply(self, thread: Thread, at: datetime) -> None:
        """A reply from a representative (now and then a citizen), a third of them answering
        an earlier reply rather than the topic, within the depth limit."""
        parents = [r for r in thread.replies if r.depth < MAX_REPLY_DEPTH]
        parent = None
        if parents and self.rng.random() < THREADED_SHARE:
            parent = self.rng.choice(parents[-8:])
        excluded = {thread.topic.author_id} if parent is None else {parent.author_id}
        for _attempt in range(6):
            author = self.author("citizen" if self.rng.random() < 0.12 else "rep")
            if author.pk in excluded:
                continue
            text = self.text(parent)
            try:
                self.reply(thread, author, text, at, parent)
                return
            except ValidationError:  # too close to something this author already wrote
                continue

    def text(self, parent: Contribution | None) -> str:
        roll = self.rng.random()
        if roll < 0.05:
            return self.rng.choice(ENGLISH_REPLIES)
        if parent is not None and roll < 0.6:
            return self.rng.choice(FOLLOW_UPS)
        opener = self.rng.choice(OPENERS)
        return f"{opener} {self.rng.choice(POINTS)}{self.rng.choice(ENDINGS)}"

    def endorse(self, heat_by_key: dict[str, int]) -> None:
        """Readers endorse topics (more the livelier the topic) and some replies."""
        readers = list(self.people.representatives)
        if self.forum.posting == Posting.SIGNED_IN:
            readers += self.people.citizens
        for key, thread in self.threads.items():
            opening = thread.topic.opening
            count = self.rng.randint(0, 3 + 6 * heat_by_key[key])
            for reader in self.rng.sample(readers, count):
                if reader.pk != opening.author_id:
                    contribution_endorse(actor=reader, contribution=opening)
            for reply in thread.replies:
                if self.rng.random() < 0.2:
                    for reader in self.rng.sample(readers, self.rng.randint(1, 5)):
                        if reader.pk != reply.author_id:
                            contribution_endorse(actor=reader, contribution=reply)

    def moderate(self, pinned: list[str], locked: list[str], answers: list[str]) -> None:
        agency = self.forum.agency.slug
        moderator = self.demo.staff[(agency, "moderator")]
        manager = self.demo.staff[(agency, "manager")]
        for key in pinned:
            services.topic_set_flags(actor=moderator, topic=self.threads[key].topic, pinned=True)
        for key in locked:
            services.topic_set_flags(actor=moderator, topic=self.threads[key].topic, locked=True)
        for key in answers:
            thread = self.threads[key]
            staff_reply = next(
                r for who, r in thread.written.items() if who not in ("rep", "citizen")
            )
            services.staff_answer_mark(actor=manager, topic=thread.topic, reply=staff_reply)

    def refresh_figures(self) -> None:
        """Each topic's reply count, last activity, endorsements and visibility, computed the
        way the channel hook keeps them."""
        for thread in self.threads.values():
            services.topic_contribution_changed(thread.topic.opening_id)


def _forum(demo: DemoContext, slug: str, data: dict, categories: list[tuple], **options):
    """The forum and its categories, set up by the agency's manager in the workspace."""
    forum = services.forum_save(
        actor=demo.staff[(slug, "manager")],
        agency=demo.agencies[slug],
        forum=None,
        data={**data, **options, "is_active": True},
        categories=[
            services.CategoryRow(pk=None, name_ar=name_ar, name_en=name_en, position=position)
            for position, (_key, name_ar, name_en) in enumerate(categories)
        ],
    )
    return forum, [key for key, _ar, _en in categories]


def _platform_forum(demo: DemoContext, rng: random.Random, people: People) -> None:
    office = next(s for s, a in demo.agencies.items() if a.kind == AgencyKind.PROGRAMME)
    forum, keys = _forum(
        demo, office, FORUM, FORUM_CATEGORIES, platform_wide=True, posting=Posting.SIGNED_IN
    )
    writer = ForumWriter(demo, rng, forum, keys, people)
    writer.write(TOPICS, LOCKED)
    writer.endorse({t.key: t.heat for t in TOPICS})
    writer.moderate(PINNED, LOCKED, STAFF_ANSWERS)
    _to_request(demo, writer)
    _to_consultation(demo, writer)
    writer.refresh_figures()


def _to_request(demo: DemoContext, writer: ForumWriter) -> None:
    """A question about one person's own comment becomes a request to the enquiries inbox."""
    from musharaka.contact.models import Inbox

    agency = writer.forum.agency
    inboxes = Inbox.objects.filter(agency=agency, is_active=True)
    inbox = inboxes.filter(slug="enquiries").first() or inboxes.order_by("pk").first()
    if inbox is None:  # the contact demo did not run: no inbox to send it to
        return
    thread = writer.threads[TO_REQUEST]
    responder = demo.staff[(agency.slug, "responder")]
    services.topic_to_request(actor=responder, topic=thread.topic, inbox=inbox)
    writer.reply(thread, responder, TO_REQUEST_REPLY, timezone.now(), parent=None)


def _to_consultation(demo: DemoContext, writer: ForumWriter) -> None:
    from musharaka.consultations.models import Consultation

    agency = writer.forum.agency
    consultation = Consultation.objects.filter(
        agency=agency, slug="e-participation-guideline"
    ).first()
    if consultation is None:
        return
    services.topic_link_consultation(
        actor=demo.staff[(agency.slug, "editor")],
        topic=writer.threads[TO_CONSULTATION].topic,
        consultation=consultation,
    )


def _mcit_forum(demo: DemoContext, rng: random.Random, people: People) -> None:
    if "mcit" not in demo.agencies:
        return
    forum, keys = _forum(demo, "mcit", MCIT_FORUM, MCIT_CATEGORIES, posting=Posting.REPRESENTATIVES)
    writer = ForumWriter(demo, rng, forum, keys, people)
    writer.write(MCIT_TOPICS, [])
    writer.endorse({t.key: t.heat for t in MCIT_TOPICS})
    writer.moderate(MCIT_PINNED, [], MCIT_STAFF_ANSWERS)
    writer.refresh_figures()
