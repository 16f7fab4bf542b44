"""Moving a chapter or an article into another chapter (``texts.node_move_to``) and its page."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from musharaka.consultations import selectors, texts
from musharaka.consultations.models import Node, NodeKind, Version
from musharaka.core.models import AuditEvent, Role
from tests.conftest import make_staff
from tests.consultations.review_data import add_comment
from tests.consultations.texts_fixtures import GUIDELINE_MD, workspace_url

# GUIDELINE_MD: part one > definitions > articles 1, 2; part two > article 3.
PART_ONE = "الباب الأول: أحكام عامة"
DEFINITIONS = "الفصل الأول: التعريفات"
PART_TWO = "الباب الثاني: المشاركة"


def chapter(version: Version, heading: str) -> Node:
    return version.nodes.get(kind=NodeKind.CHAPTER, heading_ar=heading)


def article(version: Version, number: int) -> Node:
    return version.nodes.get(kind=NodeKind.ARTICLE, number=number)


def snapshot(version: Version) -> list[tuple]:
    return list(
        version.nodes.order_by("position").values_list("pk", "parent_id", "position", "number")
    )


def numbers_in(node: Node) -> list[int]:
    return list(
        node.children.filter(kind=NodeKind.ARTICLE)
        .order_by("position")
        .values_list("number", flat=True)
    )


# --- The service ---------------------------------------------------------------------------


def test_an_article_moves_to_the_end_of_another_chapter_and_labels_follow(
    version, manager, consultation
):
    first = article(version, 1)
    key, body = first.key, first.body_ar
    definitions, part_two = chapter(version, DEFINITIONS), chapter(version, PART_TWO)

    moved = texts.node_move_to(actor=manager, node=first, parent=part_two)

    assert moved.pk == first.pk and moved.key == key and moved.body_ar == body
    assert moved.parent == part_two
    # Renumbered in document order: the chapter it left and the one it joined.
    assert numbers_in(definitions) == [1]
    assert numbers_in(part_two) == [2, 3]
    assert moved.number == 3
    reading = version.nodes.filter(kind=NodeKind.ARTICLE).order_by("position")
    assert [n.number for n in reading] == [1, 2, 3]
    positions = list(version.nodes.order_by("position").values_list("position", flat=True))
    assert positions == list(range(len(positions)))
    event = AuditEvent.objects.get(verb="consultation.node_move")
    assert event.agency == consultation.agency
    assert event.changes["into"] == str(part_two)
    assert event.changes["renumbered"] == {"1": 3, "2": 1, "3": 2}


def test_an_article_moves_after_a_given_article_or_first_in_a_chapter(version, manager):
    third = article(version, 3)
    first = article(version, 1)
    keys = {n.number: n.key for n in version.nodes.filter(kind=NodeKind.ARTICLE)}

    texts.node_move_to(actor=manager, node=third, parent=first.parent, after=first)
    articles = list(version.nodes.filter(kind=NodeKind.ARTICLE).order_by("position"))
    assert [a.key for a in articles] == [keys[1], keys[3], keys[2]]
    assert [a.number for a in articles] == [1, 2, 3]
    assert not chapter(version, PART_TWO).children.exists()

    # Back, first in its former chapter, without renumbering this time.
    moved = Node.objects.get(key=keys[3], version=version)
    texts.node_move_to(
        actor=manager, node=moved, parent=chapter(version, PART_TWO), first=True, renumber=False
    )
    moved.refresh_from_db()
    assert moved.parent == chapter(version, PART_TWO) and moved.number == 2


def test_a_chapter_moves_with_its_articles(version, manager):
    part_one, definitions = chapter(version, PART_ONE), chapter(version, DEFINITIONS)
    part_two = chapter(version, PART_TWO)
    first, second, third = article(version, 1), article(version, 2), article(version, 3)
    texts.node_move_to(actor=manager, node=definitions, parent=part_two)
    definitions.refresh_from_db()
    assert definitions.parent == part_two
    nodes = list(version.nodes.order_by("position"))
    assert [n.pk for n in nodes] == [
        part_one.pk,
        part_two.pk,
        third.pk,
        definitions.pk,
        first.pk,
        second.pk,
    ]
    # Renumbered in reading order: article 3 now comes first.
    assert [n.number for n in nodes if n.kind == NodeKind.ARTICLE] == [1, 2, 3]
    assert numbers_in(definitions) == [2, 3]


def test_the_article_keeps_its_comments(consultation, manager, version):
    texts.version_publish(actor=manager, consultation=consultation, version=version)
    commented = article(version, 1)
    comment = add_comment(consultation, commented)
    draft = texts.version_copy(actor=manager, consultation=consultation)

    moved = texts.node_move_to(
        actor=manager, node=article(draft, 1), parent=chapter(draft, PART_TWO)
    )

    assert moved.key == commented.key
    comment.refresh_from_db()
    assert comment.article_key == moved.key and comment.node == commented
    assert selectors.article_counts(consultation=consultation) == {moved.key: 1}
    # A comment tied to the moved row itself stays on it too.
    own = add_comment(consultation, moved)
    texts.node_move_to(actor=manager, node=moved, parent=chapter(draft, DEFINITIONS))
    own.refresh_from_db()
    assert own.node_id == moved.pk and own.article_key == moved.key


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("chapter_into_article", "A chapter cannot be moved into an article."),
        ("article_into_article", "Articles go inside a chapter, not inside an article."),
        ("chapter_into_itself", "cannot be moved into itself or into a part inside it"),
        ("chapter_into_descendant", "cannot be moved into itself or into a part inside it"),
        ("after_outside_parent", "That place is not inside the chosen chapter."),
        ("already_there", "It is already at that place."),
        ("after_itself", "It is already at that place."),
        ("other_version", "That place is not in this version."),
    ],
)
def test_refusals_change_nothing(consultation, manager, version, case, message):
    part_one, definitions = chapter(version, PART_ONE), chapter(version, DEFINITIONS)
    first, second, third = article(version, 1), article(version, 2), article(version, 3)
    calls = {
        "chapter_into_article": {"node": definitions, "parent": third},
        "article_into_article": {"node": first, "parent": third},
        "chapter_into_itself": {"node": part_one, "parent": part_one},
        "chapter_into_descendant": {"node": part_one, "parent": definitions},
        "after_outside_parent": {"node": first, "parent": definitions, "after": third},
        "already_there": {"node": second, "parent": definitions},  # already last there
        "after_itself": {"node": first, "parent": definitions, "after": first},
    }
    if case == "other_version":
        other = texts.text_import(
            actor=manager, consultation=consultation, filename="b.md", data=GUIDELINE_MD.encode()
        )
        calls[case] = {"node": first, "parent": chapter(other, PART_TWO)}
    before, events = snapshot(version), AuditEvent.objects.count()

    with pytest.raises(ValidationError) as error:
        texts.node_move_to(actor=manager, **calls[case])

    assert message in error.value.messages[0]
    assert snapshot(version) == before
    assert AuditEvent.objects.count() == events


@pytest.mark.usefixtures("english")
def test_a_published_version_cannot_be_restructured(consultation, manager, version):
    texts.version_publish(actor=manager, consultation=consultation, version=version)
    before = snapshot(version)
    with pytest.raises(ValidationError) as error:
        texts.node_move_to(
            actor=manager, node=article(version, 1), parent=chapter(version, PART_TWO)
        )
    assert "published version cannot be changed" in error.value.messages[0]
    assert snapshot(version) == before


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.RESPONDER, Role.ANALYST])
def test_only_content_editors_move(agency, version, role):
    before = snapshot(version)
    with pytest.raises(PermissionDenied):
        texts.node_move_to(
            actor=make_staff(agency, role),
            node=article(version, 1),
            parent=chapter(version, PART_TWO),
        )
    assert snapshot(version) == before


def test_staff_of_another_agency_cannot_move(other_agency, version):
    with pytest.raises(PermissionDenied):
        texts.node_move_to(
            actor=make_staff(other_agency, Role.MANAGER),
            node=article(version, 1),
            parent=chapter(version, PART_TWO),
        )


# --- The page ------------------------------------------------------------------------------


def move_url(consultation, node, agency_slug=None) -> str:
    return workspace_url(
        "consultation_node_move_to", consultation, agency_slug=agency_slug, node=node.pk
    )


def text_url(consultation) -> str:
    return workspace_url("consultation_text", consultation)


def test_the_move_page_moves_an_article_into_another_chapter(staff_client, consultation, version):
    first, part_two = article(version, 1), chapter(version, PART_TWO)
    key = first.key
    url = move_url(consultation, first)
    # Linked from the outline of a draft version.
    assert url in staff_client.get(text_url(consultation)).content.decode()

    page = staff_client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert f'value="end:{part_two.pk}"' in html and f'value="first:{part_two.pk}"' in html
    assert "<optgroup" in html
    assert 'name="renumber"' in html and "checked" in html

    response = staff_client.post(url, {"place": f"end:{part_two.pk}", "renumber": "on"})
    assert response.status_code == 302
    assert response.url.endswith(f"#node-{first.pk}")
    first.refresh_from_db()
    assert first.parent == part_two and first.key == key and first.number == 3
    assert numbers_in(chapter(version, DEFINITIONS)) == [1]
    assert numbers_in(part_two) == [2, 3]


def test_the_move_page_offers_no_place_inside_the_moved_chapter(
    staff_client, consultation, version
):
    part_one, definitions = chapter(version, PART_ONE), chapter(version, DEFINITIONS)
    html = staff_client.get(move_url(consultation, part_one)).content.decode()
    assert f"first:{definitions.pk}" not in html and f"first:{part_one.pk}" not in html
    assert "first:top" in html
    # A tampered value is refused like any invalid choice: 400, nothing moved.
    before = snapshot(version)
    response = staff_client.post(
        move_url(consultation, part_one), {"place": f"first:{definitions.pk}"}
    )
    assert response.status_code == 400
    assert snapshot(version) == before
    third = article(version, 3)
    response = staff_client.post(
        move_url(consultation, definitions), {"place": f"first:{third.pk}"}
    )
    assert response.status_code == 400
    assert snapshot(version) == before


def test_a_refusal_is_a_400_with_the_reason_and_keeps_the_choice(
    staff_client, consultation, version
):
    first, definitions = article(version, 1), chapter(version, DEFINITIONS)
    before = snapshot(version)
    response = staff_client.post(
        move_url(consultation, first), {"place": f"first:{definitions.pk}", "renumber": "on"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "It is already at that place." in html
    assert f'value="first:{definitions.pk}" selected' in html
    assert snapshot(version) == before


def test_the_move_page_refuses_a_published_version(staff_client, consultation, manager, version):
    texts.version_publish(actor=manager, consultation=consultation, version=version)
    first, part_two = article(version, 1), chapter(version, PART_TWO)
    assert staff_client.get(move_url(consultation, first)).status_code == 200
    response = staff_client.post(move_url(consultation, first), {"place": f"end:{part_two.pk}"})
    assert response.status_code == 400
    assert "A published version cannot be changed" in response.content.decode()
    first.refresh_from_db()
    assert first.parent != part_two


def test_other_agencies_staff_get_404(client, consultation, version, other_agency):
    client.force_login(make_staff(other_agency, Role.MANAGER))
    first, part_two = article(version, 1), chapter(version, PART_TWO)
    before = snapshot(version)
    for url in (
        move_url(consultation, first),
        move_url(consultation, first, agency_slug=other_agency.slug),
    ):
        assert client.get(url).status_code == 404
        assert client.post(url, {"place": f"end:{part_two.pk}"}).status_code == 404
    assert snapshot(version) == before


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.ANALYST, Role.RESPONDER])
def test_roles_without_content_edit_get_403(client, consultation, version, agency, role):
    client.force_login(make_staff(agency, role))
    first, part_two = article(version, 1), chapter(version, PART_TWO)
    before = snapshot(version)
    assert client.get(move_url(consultation, first)).status_code == 403
    assert (
        client.post(move_url(consultation, first), {"place": f"end:{part_two.pk}"}).status_code
        == 403
    )
    assert snapshot(version) == before


# --- Numbering the articles again after up/down moves and additions -----------------------


def renumber_url(consultation, version, agency_slug=None) -> str:
    return workspace_url(
        "consultation_articles_renumber",
        consultation,
        agency_slug=agency_slug,
        version=version.number,
    )


def labels(version: Version) -> list[tuple[int, str]]:
    return list(
        version.nodes.filter(kind=NodeKind.ARTICLE)
        .order_by("position")
        .values_list("number", "body_ar")
    )


def test_moving_up_keeps_the_labels_until_the_articles_are_numbered_again(version, manager):
    second = article(version, 2)
    texts.node_move(actor=manager, node=second, direction="up")
    assert [n for n, _body in labels(version)] == [2, 1, 3]
    bodies = [body for _n, body in labels(version)]

    changed = texts.articles_renumber(actor=manager, version=version)
    assert changed == {2: 1, 1: 2}
    assert labels(version) == list(zip([1, 2, 3], bodies, strict=True))
    second.refresh_from_db()
    assert second.number == 1 and second.key == article(version, 1).key
    event = AuditEvent.objects.get(verb="consultation.articles_renumber")
    assert event.changes["renumbered"] == {"2": 1, "1": 2}
    assert texts.articles_renumber(actor=manager, version=version) == {}
    assert AuditEvent.objects.filter(verb="consultation.articles_renumber").count() == 1


def test_an_added_article_gets_its_place_in_the_numbering(version, manager):
    texts.node_add(
        actor=manager,
        version=version,
        kind=NodeKind.ARTICLE,
        data={"body_ar": "مادة مضافة"},
        after=article(version, 1),
    )
    assert [n for n, _body in labels(version)] == [1, 4, 2, 3]
    texts.articles_renumber(actor=manager, version=version)
    assert labels(version)[1] == (2, "مادة مضافة")


def test_an_extract_keeps_its_numbers_and_is_flagged_only_when_out_of_order(
    staff_client, consultation, manager, version
):
    """Articles 12, 15 and 20 of a law are in order: no warning. Moved out of order, putting
    them back gives out the same numbers, lowest first, not 12, 13, 14."""
    for node, number in zip(
        version.nodes.filter(kind=NodeKind.ARTICLE).order_by("position"), (12, 15, 20), strict=True
    ):
        Node.objects.filter(pk=node.pk).update(number=number)
    button = "Number the articles in order"
    assert button not in staff_client.get(text_url(consultation)).content.decode()

    texts.node_move(actor=manager, node=article(version, 15), direction="up")
    assert [n for n, _body in labels(version)] == [15, 12, 20]
    assert button in staff_client.get(text_url(consultation)).content.decode()
    assert texts.articles_renumber(actor=manager, version=version) == {15: 12, 12: 15}
    assert [n for n, _body in labels(version)] == [12, 15, 20]


@pytest.mark.usefixtures("english")
def test_a_published_version_keeps_its_numbers(consultation, manager, version):
    texts.node_move(actor=manager, node=article(version, 2), direction="up")
    texts.version_publish(actor=manager, consultation=consultation, version=version)
    with pytest.raises(ValidationError):
        texts.articles_renumber(actor=manager, version=version)
    assert [n for n, _body in labels(version)] == [2, 1, 3]


def test_the_outline_offers_numbering_only_when_the_labels_are_out_of_order(
    staff_client, consultation, manager, version
):
    button = "Number the articles in order"
    assert button not in staff_client.get(text_url(consultation)).content.decode()
    texts.node_move(actor=manager, node=article(version, 2), direction="up")
    html = staff_client.get(text_url(consultation)).content.decode()
    assert button in html and renumber_url(consultation, version) in html

    response = staff_client.post(renumber_url(consultation, version), follow=True)
    html = response.content.decode()
    assert "2 articles were numbered again." in html
    assert button not in html
    assert [n for n, _body in labels(version)] == [1, 2, 3]


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.ANALYST, Role.RESPONDER])
def test_numbering_needs_content_edit(client, consultation, manager, version, agency, role):
    texts.node_move(actor=manager, node=article(version, 2), direction="up")
    client.force_login(make_staff(agency, role))
    assert client.post(renumber_url(consultation, version)).status_code == 403
    assert [n for n, _body in labels(version)] == [2, 1, 3]


def test_numbering_another_agencys_text_is_not_found(
    client, consultation, manager, version, other_agency
):
    texts.node_move(actor=manager, node=article(version, 2), direction="up")
    client.force_login(make_staff(other_agency, Role.MANAGER))
    for slug in (None, other_agency.slug):
        url = renumber_url(consultation, version, agency_slug=slug)
        assert client.post(url).status_code == 404
    assert [n for n, _body in labels(version)] == [2, 1, 3]
