"""A consultation end to end in a real browser: the drafting team imports and publishes the
text, schedules and opens it; an agency's representative proposes an amendment to an article;
a moderator approves it (regulations are pre-moderated); the team closes, answers it in Arabic,
publishes a changed article in version 2 and the outcome; a reader sees "you said, we did" with
the change; the team's XLSX and PDF read back. Then axe-core on the public pages (Arabic and
English) and on the staff pages."""

import io
import re
import subprocess
from datetime import timedelta

import openpyxl
import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from musharaka.consultations import review, texts
from musharaka.consultations.models import Answer, Kind, Node, NodeKind, Phase, Stance
from musharaka.core.models import ParticipantType, Representation, RepresentationStatus, Role
from musharaka.participation.services import rules_publish
from tests.browser.conftest import axe_check, sign_in
from tests.conftest import make_staff
from tests.consultations import lifecycle_helpers, review_data
from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.browser

RULES_AR = "ناقش الفكرة لا الشخص، ولا تنشر بيانات شخصية."
TITLE_AR = "لائحة المشاركة الإلكترونية"
DRAFT_MD = """# الفصل الأول: أحكام عامة

### المادة 1

يقصد بالمنصة منصة المشاركة الإلكترونية الموحدة.

### المادة 2

تنشر الجهة المسودة مدة ثلاثين يوما قبل اعتمادها.

### المادة 3

تنشر الجهة تقريرا بنتائج المشاركة.
"""
ARTICLE_2_V2 = "تنشر الجهة المسودة مدة ستين يوما قبل اعتمادها."
COMMENT = "The thirty days are too short for agencies that consult their own branches."
AMENDMENT = "تنشر الجهة المسودة مدة ستين يوما."
RESPONSE_AR = "شكرا لكم، مددنا المدة إلى ستين يوما."


def login(context, user, live_server) -> None:
    """Each person with their own client: a second force_login on one client would end the
    first person's session."""
    sign_in(context, Client(), user, live_server)


def confirm_dialogs(page) -> None:
    """The lifecycle buttons ask "are you sure?" in a confirm() box: say yes."""
    page.on("dialog", lambda dialog: dialog.accept())


@pytest.fixture
def agencies(transactional_db):
    agency = AgencyFactory(
        slug="dga",
        name_ar="هيئة الحكومة الرقمية",
        name_en="Digital Government Authority",
    )
    rules_publish(actor=make_staff(agency, Role.MANAGER), agency=agency, body_ar=RULES_AR)
    other = AgencyFactory(slug="moh", name_ar="وزارة الصحة", name_en="Ministry of Health")
    return agency, other


def test_a_regulation_from_draft_to_published_outcome(
    page, browser_context, new_context, live_server, agencies
):
    agency, other = agencies
    base = live_server.url
    team = make_staff(agency, Role.MANAGER)
    team.full_name = "Huda Alshehri"
    team.save(update_fields=["full_name"])
    now = timezone.now()
    consultation = lifecycle_helpers.make_consultation(
        agency,
        editor=team,
        kind=Kind.REGULATION,
        title_ar=TITLE_AR,
        title_en="E-participation regulation",
        opens_at=now + timedelta(days=1),
        closes_at=now + timedelta(days=90),
    )
    workspace = f"{base}/en/workspace/{agency.slug}/consultations/{consultation.pk}"
    public = f"{base}/en/consultations/{agency.slug}/{consultation.slug}"

    # The drafting team imports the Markdown draft and publishes version 1.
    login(browser_context, team, live_server)
    confirm_dialogs(page)
    page.goto(f"{workspace}/text/import/")
    page.get_by_label("Markdown or Word file").set_input_files(
        {"name": "draft.md", "mimeType": "text/markdown", "buffer": DRAFT_MD.encode()}
    )
    page.get_by_role("button", name="Import").click()
    outline = page.locator("ol.text-outline")
    expect(outline.get_by_text("يقصد بالمنصة منصة المشاركة")).to_be_visible()
    page.get_by_role("link", name="Publish version 1").click()
    page.get_by_label("What changed (Arabic)").fill("المسودة الأولى للتشاور.")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("This version is published and cannot change.")).to_be_visible()
    articles = list(
        Node.objects.filter(version__consultation=consultation, kind=NodeKind.ARTICLE).order_by(
            "position"
        )
    )
    assert [a.number for a in articles] == [1, 2, 3]
    article_2 = articles[1]

    # Scheduled and opened through the lifecycle buttons ("Open now" moves the date to now).
    page.goto(f"{workspace}/")
    page.get_by_role("button", name="Schedule and announce").click()
    page.get_by_role("button", name="Open now").click()
    consultation.refresh_from_db()
    assert consultation.phase == Phase.OPEN

    # A confirmed representative of another agency proposes an amendment to article 2.
    representative = UserFactory(full_name="Khalid Alotaibi")
    Representation.objects.create(
        user=representative,
        agency=other,
        kind=ParticipantType.AGENCY,
        job_title="مدير إدارة",
        status=RepresentationStatus.CONFIRMED,
        decided_at=timezone.now(),
    )
    citizen_page = new_context().new_page()
    login(citizen_page.context, representative, live_server)
    citizen_page.goto(f"{public}/articles/{article_2.key}/")
    expect(citizen_page.get_by_text("ثلاثين يوما").first).to_be_visible()
    form = citizen_page.locator("#comment-form")
    form.get_by_label("Your position").select_option(label="Propose an amendment")
    form.get_by_label("Your comment").fill(COMMENT)
    form.get_by_label("The text you propose instead").fill(AMENDMENT)
    form.get_by_label("On behalf of Ministry of Health").check()
    form.get_by_label("I accept the participation rules").check()
    citizen_page.wait_for_timeout(3200)  # the comment form's time trap
    form.get_by_role("button", name="Send the comment").click()
    mine = citizen_page.locator("article.comment", has_text=COMMENT)
    expect(mine.get_by_text("Awaiting review")).to_be_visible()

    # A moderator approves it in the queue.
    moderator_page = new_context().new_page()
    login(moderator_page.context, make_staff(agency, Role.MODERATOR), live_server)
    moderator_page.goto(f"{base}/en/workspace/{agency.slug}/moderation/")
    moderator_page.locator("li.card", has_text=COMMENT).get_by_role("checkbox").check()
    moderator_page.get_by_label("Decision for the ticked contributions").select_option("approve")
    moderator_page.get_by_role("button", name="Apply to the ticked contributions").click()
    expect(moderator_page.get_by_text("Decision recorded for 1 contributions")).to_be_visible()
    citizen_page.reload()
    expect(citizen_page.locator("article.comment", has_text=COMMENT)).to_be_visible()
    assert citizen_page.get_by_text("Awaiting review").count() == 0

    # The team closes early (with a public reason) and starts the review.
    page.goto(f"{workspace}/")
    close = page.locator("details", has_text="Close early")
    close.locator("summary").click()
    close.get_by_label("Public reason (Arabic)").fill("اكتمل عدد كاف من الملاحظات.")
    close.get_by_role("button", name="Close now").click()
    page.get_by_role("button", name="Start the review").click()
    consultation.refresh_from_db()
    assert consultation.phase == Phase.UNDER_REVIEW

    # It answers the comment in the review table, in Arabic.
    page.goto(f"{workspace}/review/")
    row = page.locator("tr", has_text=COMMENT)
    expect(row.get_by_text("Propose an amendment")).to_be_visible()
    expect(row.get_by_text("Ministry of Health")).to_be_visible()
    row.get_by_role("checkbox").check()
    page.get_by_label("Decision").select_option(label="Partly accepted")
    page.get_by_label("Response (Arabic)").fill(RESPONSE_AR)
    page.get_by_role("button", name="Record the answer").click()
    row = page.locator("tr", has_text=COMMENT)
    expect(row.get_by_text("Partly accepted")).to_be_visible()
    expect(row.get_by_text(RESPONSE_AR)).to_be_visible()

    # Version 2 with article 2 changed.
    page.goto(f"{workspace}/text/")
    page.get_by_role("button", name="Start a new version from the latest").click()
    page.locator("li.text-node", has_text="ثلاثين يوما").get_by_role("link", name="Edit").click()
    page.get_by_label("Text (Arabic)").fill(ARTICLE_2_V2)
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Publish version 2").click()
    page.get_by_label("What changed (Arabic)").fill("مددنا مدة النشر استجابة للملاحظات.")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("This version is published and cannot change.")).to_be_visible()

    # The outcome.
    page.goto(f"{workspace}/outcome/")
    page.get_by_label("What was done (Arabic)").fill("أخذنا بالملاحظات ومددنا مدة النشر.")
    page.get_by_role("button", name="Publish the outcome").click()
    consultation.refresh_from_db()
    assert consultation.phase == Phase.OUTCOME_PUBLISHED

    # An anonymous reader sees the comment, the decision, the response and the change.
    reader = new_context().new_page()
    reader.goto(f"{public}/outcome/")
    expect(reader.get_by_text(COMMENT).first).to_be_visible()
    expect(reader.get_by_text("Partly accepted").first).to_be_visible()
    expect(reader.get_by_text(RESPONSE_AR).first).to_be_visible()
    expect(reader.locator("ins", has_text="ستين").first).to_be_visible()
    expect(reader.locator("del", has_text="ثلاثين").first).to_be_visible()

    # The team's downloads, read back.
    with page.expect_download() as download_info:
        page.goto(f"{workspace}/")
        page.get_by_role("link", name="Comment-response matrix (XLSX)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    with open(download.path(), "rb") as handle:
        sheet = openpyxl.load_workbook(io.BytesIO(handle.read()), read_only=True).active
    rows = [[str(v) for v in r if v is not None] for r in sheet.iter_rows(values_only=True)]
    comment_rows = [r for r in rows if any(COMMENT in v for v in r)]
    assert len(comment_rows) == 1
    cells = " | ".join(comment_rows[0])
    assert "Propose an amendment" in cells
    assert "Partly accepted" in cells
    assert RESPONSE_AR in cells
    assert AMENDMENT in cells

    response = browser_context.request.get(f"{workspace}/export/outcome.pdf?lang=ar")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"],
        input=response.body(),
        capture_output=True,
        check=True,
    ).stdout.decode()
    # pdftotext wraps runs in bidi embedding marks; the words themselves must be in logical
    # order (a title reversed or drawn backwards would not match).
    text = " ".join(re.sub("[\u202a-\u202e]", "", text).split())
    assert TITLE_AR in text
    assert "مددنا المدة إلى ستين يوما" in text
    assert ARTICLE_2_V2.rstrip(".") in text


@pytest.fixture
def open_consultation(agencies):
    """Open for comments, with a published thread on article 2."""
    agency, other = agencies
    consultation = lifecycle_helpers.make_consultation(agency, phase=Phase.OPEN)
    article = lifecycle_helpers.articles(consultation)[1]
    root = review_data.add_comment(
        consultation, article, stance=Stance.OBJECT, author=UserFactory(full_name="Sara Alharbi")
    )
    review_data.add_comment(consultation, article, stance=Stance.QUESTION, on_behalf_of=other)
    assert root.contribution.status == "published"
    return consultation, article


@pytest.fixture
def outcome_consultation(agencies):
    """Outcome published, with an answered comment and a changed article 2 in version 2."""
    agency, _ = agencies
    owner = make_staff(agency, Role.MANAGER)
    consultation = review_data.make_consultation(agency, owner=owner, slug="reviewed-regulation")
    first = review_data.articles_of(consultation)
    comment = review_data.add_comment(
        consultation, first[1], stance=Stance.AMEND, amendment="ستين يوما"
    )
    review.comment_answer(
        actor=owner, comments=[comment], answer=Answer.ACCEPTED, response_ar=RESPONSE_AR
    )
    second = review_data.add_version(consultation, changes={2: ARTICLE_2_V2})
    # The English text changes too: an English reader's diff compares the English bodies.
    second.nodes.filter(number=2).update(
        body_en="The agency publishes the draft for sixty days under article 2."
    )
    review.outcome_publish(actor=owner, consultation=consultation, summary_ar="ملخص النتائج")
    return consultation, owner


@pytest.mark.parametrize("prefix", ["", "/en"], ids=["ar", "en"])
def test_public_consultation_pages_are_accessible(
    page, browser_context, live_server, open_consultation, outcome_consultation, prefix
):
    consultation, article = open_consultation
    done, _ = outcome_consultation
    agency = consultation.agency.slug
    login(browser_context, UserFactory(), live_server)
    base = f"{live_server.url}{prefix}/consultations/{agency}"
    problems: list[str] = []

    page.goto(f"{base}/{consultation.slug}/")
    axe_check(page, problems, "consultation page")
    page.goto(f"{base}/{consultation.slug}/articles/{article.key}/")
    assert page.locator("#comment-form").count() == 1
    assert page.locator("article.comment").count() == 2
    for summary in page.locator("article.comment details > summary").all():
        summary.click()  # open every reply and report form
    axe_check(page, problems, "article page")
    # The form back with its errors (an amendment without proposed text), the text kept.
    page.locator("#comment-stance").select_option(Stance.AMEND)
    page.locator("#comment-body").fill("نص دون اقتراح")
    page.wait_for_timeout(3200)
    page.locator("#comment-form button[type=submit]").click()
    assert page.locator("#comment-amendment").get_attribute("aria-invalid") == "true"
    assert page.locator("#comment-body").input_value() == "نص دون اقتراح"
    axe_check(page, problems, "article page with errors")
    page.goto(f"{base}/{done.slug}/outcome/")
    assert page.locator("ins").count() >= 1
    axe_check(page, problems, "outcome page")
    page.goto(f"{base}/{done.slug}/versions/1/2/")
    assert page.locator("ins").count() >= 1
    axe_check(page, problems, "versions diff")

    assert not problems, "\n\n".join(problems)


def test_workspace_consultation_pages_are_accessible(
    page, browser_context, live_server, open_consultation, outcome_consultation
):
    """English only: the staff pages of a consultation open for comments (with its lifecycle
    forms unfolded and an unpublished version being edited) and of one with its outcome."""
    done, owner = outcome_consultation
    consultation, _ = open_consultation
    login(browser_context, owner, live_server)
    workspace = f"{live_server.url}/en/workspace/{done.agency.slug}/consultations"
    texts.version_copy(actor=owner, consultation=consultation)  # version 2, not published
    problems: list[str] = []

    def check(name: str, path: str) -> None:
        page.goto(f"{workspace}/{path}")
        for summary in page.locator("main details > summary").all():
            summary.click()  # the extend and close-early forms
        axe_check(page, problems, name)

    check("edit page, open", f"{consultation.pk}/")
    expect(page.locator("#close_reason_ar")).to_be_visible()
    check("text page, draft version", f"{consultation.pk}/text/?version=2")
    expect(page.get_by_role("link", name="Publish version 2")).to_be_visible()
    check("edit page, outcome published", f"{done.pk}/")
    check("text page, published", f"{done.pk}/text/?version=2")
    check("review table", f"{done.pk}/review/")
    assert page.locator("tr", has_text="Accepted").count() == 1
    assert not problems, "\n\n".join(problems)
