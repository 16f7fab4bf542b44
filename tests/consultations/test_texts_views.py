"""Workspace pages for the draft's text and the public versions and comparison pages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from musharaka.consultations import texts
from musharaka.consultations.models import Node, NodeKind, Phase, Version
from musharaka.core.models import Role
from tests.conftest import make_staff
from tests.consultations.texts_fixtures import GUIDELINE_MD, docx_bytes


def ws(name, consultation, **kwargs):
    """The English address of a workspace page of ``consultation``."""
    with translation.override("en"):
        return reverse(
            f"workspace:{name}",
            kwargs={"agency": consultation.agency.slug, "consultation": consultation.pk, **kwargs},
        )


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_import_page_creates_a_version_and_shows_the_outline(staff_client, consultation):
    response = staff_client.post(
        ws("consultation_import", consultation),
        {"file": upload("guide.md", GUIDELINE_MD.encode())},
    )
    assert response.status_code == 302
    version = consultation.versions.get()
    assert version.nodes.filter(kind=NodeKind.ARTICLE).count() == 3

    page = staff_client.get(response.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "الباب الأول: أحكام عامة" in html
    assert "Article 3" in html
    assert "Publish version" in html


def test_import_of_a_docx_through_the_page(staff_client, consultation):
    data = docx_bytes([("المادة الأولى", "Heading 2"), ("نص المادة.", None)])
    response = staff_client.post(
        ws("consultation_import", consultation), {"file": upload("d.docx", data)}
    )
    assert response.status_code == 302
    assert Node.objects.get(kind=NodeKind.ARTICLE).body_ar == "نص المادة."


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("draft.md", "المادة 1".encode("cp1256"), "not UTF-8"),
        ("draft.docx", b"garbage", "not a valid Word"),
        ("draft.txt", b"x", "Only Markdown"),
        ("draft.md", "# عنوان\n\nنص".encode(), "No articles were found"),
    ],
)
def test_import_refusals_are_shown_on_the_form(staff_client, consultation, name, data, message):
    response = staff_client.post(
        ws("consultation_import", consultation), {"file": upload(name, data)}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'aria-describedby="id_file_error"' in html or "id_file_error" in html
    assert not Version.objects.exists()


def test_import_without_a_file_is_a_400(staff_client, consultation):
    response = staff_client.post(ws("consultation_import", consultation), {})
    assert response.status_code == 400
    assert not Version.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.EDITOR, 200), (Role.MODERATOR, 403), (Role.ANALYST, 403), (Role.RESPONDER, 403)],
)
def test_text_pages_by_role(client, consultation, agency, role, status):
    client.force_login(make_staff(agency, role))
    assert client.get(ws("consultation_text", consultation)).status_code == status
    assert client.get(ws("consultation_import", consultation)).status_code == status


def test_other_agencies_get_404(client, consultation, other_agency):
    client.force_login(make_staff(other_agency, Role.MANAGER))
    for url in (
        ws("consultation_text", consultation),
        ws("consultation_import", consultation),
        ws("consultation_version_publish", consultation, version=1),
    ):
        assert client.get(url).status_code == 404


@pytest.fixture
def imported(consultation, manager):
    return texts.text_import(
        actor=manager, consultation=consultation, filename="g.md", data=GUIDELINE_MD.encode()
    )


def test_node_edit_page_saves_both_languages(staff_client, consultation, imported):
    article = imported.nodes.get(number=2)
    url = ws("consultation_node_edit", consultation, node=article.pk)
    assert staff_client.get(url).status_code == 200
    response = staff_client.post(
        url,
        {
            "number": "2",
            "heading_ar": "النطاق",
            "heading_en": "Scope",
            "body_ar": "يسري الدليل على الجهات.",
            "body_en": "The guideline applies to agencies.",
            "same_as": str(article.key),
        },
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.heading_en, article.body_en) == ("Scope", "The guideline applies to agencies.")


def test_node_edit_errors_keep_what_was_typed(staff_client, consultation, imported):
    article = imported.nodes.get(number=2)
    response = staff_client.post(
        ws("consultation_node_edit", consultation, node=article.pk),
        {"number": "1", "body_ar": "نص كتبته", "heading_en": "Typed"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Another article of this version already has this number." in html
    assert "نص كتبته" in html and 'value="Typed"' in html


def test_node_add_move_remove_through_the_pages(staff_client, consultation, imported):
    first = imported.nodes.get(number=1)
    add_url = ws("consultation_node_add", consultation, version=1)
    assert staff_client.get(f"{add_url}?after={first.pk}").status_code == 200
    response = staff_client.post(
        add_url, {"kind": "article", "body_ar": "مادة جديدة", "after": first.pk, "parent": ""}
    )
    assert response.status_code == 302
    added = imported.nodes.get(body_ar="مادة جديدة")
    assert added.number == 4 and added.parent_id == first.parent_id

    staff_client.post(
        ws("consultation_node_move", consultation, node=added.pk), {"direction": "up"}
    )
    order = list(imported.nodes.filter(kind=NodeKind.ARTICLE).values_list("number", flat=True))
    assert order == [4, 1, 2, 3]

    staff_client.post(ws("consultation_node_remove", consultation, node=added.pk))
    assert not imported.nodes.filter(pk=added.pk).exists()


def test_publish_page(staff_client, consultation, imported):
    url = ws("consultation_version_publish", consultation, version=1)
    assert staff_client.get(url).status_code == 200
    response = staff_client.post(url, {"note_ar": "المسودة الأولى", "note_en": "First draft"})
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.current_version == imported
    # Published: the edit form no longer saves.
    article = imported.nodes.get(number=1)
    response = staff_client.post(
        ws("consultation_node_edit", consultation, node=article.pk),
        {"number": "1", "body_ar": "تغيير"},
    )
    assert response.status_code == 400
    assert "A published version cannot be changed" in response.content.decode()


def test_an_editor_without_publish_rights_is_refused(client, consultation, imported, agency):
    client.force_login(make_staff(agency, Role.MODERATOR))
    url = ws("consultation_version_publish", consultation, version=1)
    assert client.post(url, {}).status_code == 403
    imported.refresh_from_db()
    assert imported.published_at is None


# --- Public pages --------------------------------------------------------------------------


@pytest.fixture
def published_twice(consultation, manager, imported):
    texts.version_publish(actor=manager, consultation=consultation, version=imported)
    second = texts.version_copy(actor=manager, consultation=consultation)
    third_article = second.nodes.get(number=3)
    texts.node_update(
        actor=manager,
        node=third_article,
        data={"number": 3, "body_ar": "تنشر الجهة مشروعاتها للمشاركة مدة لا تقل عن خمسة عشر يوماً."},
    )
    texts.node_remove(actor=manager, node=second.nodes.get(number=2))
    texts.version_publish(
        actor=manager, consultation=consultation, version=second, note_en="Shorter period"
    )
    return imported, second


def pub(name, consultation, **kwargs):
    """The English address of a public page of ``consultation``."""
    with translation.override("en"):
        return reverse(
            f"consultations:{name}",
            kwargs={"agency_slug": consultation.agency.slug, "slug": consultation.slug, **kwargs},
        )


def test_public_versions_list_and_diff(client, consultation, published_twice):
    response = client.get(pub("versions", consultation))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Version" in html and "Shorter period" in html
    assert pub("diff", consultation, a=1, b=2) in html

    response = client.get(pub("diff", consultation, a=1, b=2))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'dir="rtl"' in html
    assert "<del>" in html and "ثلاثين" in html
    assert "<ins>" in html and "خمسة عشر" in html
    assert "[removed: </span>" in html and "[added: </span>" in html
    assert "Removed" in html  # article 2
    summary = response.context["summary"]
    assert summary == {"added": 0, "removed": 1, "changed": 1, "unchanged": 1}


def test_public_compare_form_redirects_to_the_diff(client, consultation, published_twice):
    response = client.get(pub("versions", consultation), {"from": "2", "to": "1"})
    assert response.status_code == 302
    assert response.url == pub("diff", consultation, a=2, b=1)
    bad = client.get(pub("versions", consultation), {"from": "1", "to": "9"})
    assert bad.status_code == 400


def test_unpublished_versions_and_drafts_are_not_public(client, consultation, manager, imported):
    assert client.get(pub("diff", consultation, a=1, b=1)).status_code == 404
    texts.version_publish(actor=manager, consultation=consultation, version=imported)
    texts.version_copy(actor=manager, consultation=consultation)  # version 2, unpublished
    assert client.get(pub("diff", consultation, a=1, b=1)).status_code == 200
    assert client.get(pub("diff", consultation, a=1, b=2)).status_code == 404
    consultation.phase = Phase.DRAFT
    consultation.save()
    assert client.get(pub("versions", consultation)).status_code == 404


def test_workspace_diff_includes_unpublished_versions(
    staff_client, consultation, manager, imported
):
    second = texts.version_copy(actor=manager, consultation=consultation)
    texts.node_remove(actor=manager, node=second.nodes.get(number=1))
    response = staff_client.get(ws("consultation_text_diff", consultation, a=1, b=2))
    assert response.status_code == 200
    assert response.context["summary"]["removed"] == 1
    # The outline of version 2 offers that comparison.
    page = staff_client.get(ws("consultation_text", consultation) + "?version=2")
    assert ws("consultation_text_diff", consultation, a=1, b=2) in page.content.decode()


def test_a_consultation_id_of_another_agency_is_404_in_ones_own_workspace(
    client, consultation, imported, other_agency
):
    client.force_login(make_staff(other_agency, Role.MANAGER))
    article = imported.nodes.get(number=1)
    with translation.override("en"):
        urls = [
            reverse(
                f"workspace:{name}",
                kwargs={"agency": other_agency.slug, "consultation": consultation.pk, **extra},
            )
            for name, extra in [
                ("consultation_text", {}),
                ("consultation_node_edit", {"node": article.pk}),
                ("consultation_node_add", {"version": 1}),
                ("consultation_version_publish", {"version": 1}),
                ("consultation_text_diff", {"a": 1, "b": 1}),
            ]
        ]
    for url in urls:
        assert client.get(url).status_code == 404
        assert client.post(url, {"body_ar": "x", "number": "1"}).status_code in (404, 405)
    article.refresh_from_db()
    assert article.body_ar != "x"
    imported.refresh_from_db()
    assert imported.published_at is None


def test_pages_render_in_arabic_too(client, staff_client, consultation, published_twice):
    kwargs = {"agency_slug": consultation.agency.slug, "slug": consultation.slug}
    assert client.get(reverse("consultations:versions", kwargs=kwargs)).status_code == 200
    diff = client.get(reverse("consultations:diff", kwargs={**kwargs, "a": 2, "b": 1}))
    assert diff.status_code == 200
    assert diff.context["summary"] == {"added": 1, "removed": 0, "changed": 1, "unchanged": 1}
    text = reverse(
        "workspace:consultation_text",
        kwargs={"agency": consultation.agency.slug, "consultation": consultation.pk},
    )
    assert staff_client.get(f"{text}?version=1").status_code == 200
