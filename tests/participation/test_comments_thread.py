"""The thread as readers see it: what is shown and to whom, order, pages, representatives, and a
constant number of queries whatever the number of comments."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from musharaka.core.models import ParticipantType, Representation, RepresentationStatus
from musharaka.participation.forms import target_token
from musharaka.participation.models import Contribution, Endorsement, Status
from musharaka.participation.services import contribution_endorse, contribution_submit
from tests.announcements.helpers import make_announcement, page_url, post_comment, space_of, submit
from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def announcement(agency):
    return make_announcement(agency)


def confirm_representative(user, agency) -> None:
    Representation.objects.create(
        user=user,
        kind=ParticipantType.AGENCY,
        agency=agency,
        status=RepresentationStatus.CONFIRMED,
        decided_at=timezone.now(),
    )


def fill_thread(announcement, count: int, viewer) -> None:
    """``count`` top-level comments, each with a reply chain three levels deep on every
    fifth, by different people, some representatives, some endorsed by the viewer."""
    ministry = AgencyFactory(name_en="Ministry of Health")
    for n in range(count):
        author = UserFactory()
        if n % 3 == 0:
            confirm_representative(author, ministry)
        root = submit(
            author, announcement, f"Comment number {n} with its own distinct words {n * 7}."
        )
        if n % 2 == 0:
            contribution_endorse(actor=viewer, contribution=root)
        if n % 5 == 0:
            parent = root
            for level in range(3):
                parent = submit(
                    UserFactory(), announcement, f"Reply {n}.{level} here.", parent=parent
                )


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_a_page_costs_the_same_queries_for_5_or_40_comments(
    client, agency, django_assert_max_num_queries
):
    viewer = UserFactory()
    small = make_announcement(agency, title_en="Small thread")
    large = make_announcement(agency, editor=small.created_by, title_en="Large thread")
    fill_thread(small, 5, viewer)
    fill_thread(large, 40, viewer)
    client.force_login(viewer)
    queries_for(client, page_url(small))  # warm the session and the caches

    baseline = queries_for(client, page_url(small))

    with django_assert_max_num_queries(baseline):
        response = client.get(page_url(large))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="comment border-start') == 20 + 4 * 3, "20 threads, replies nested"
    assert "representative of Ministry of Health" in html
    assert html.count('aria-pressed="true"') == 10


def test_anonymous_page_is_constant_too(client, agency, django_assert_max_num_queries):
    viewer = UserFactory()
    small = make_announcement(agency, title_en="Small thread")
    large = make_announcement(agency, editor=small.created_by, title_en="Large thread")
    fill_thread(small, 5, viewer)
    fill_thread(large, 40, viewer)

    baseline = queries_for(client, page_url(small))

    with django_assert_max_num_queries(baseline):
        client.get(page_url(large))


def test_confirmed_representatives_are_labelled_with_their_agency(client, announcement):
    representative, pending, citizen = UserFactory(), UserFactory(), UserFactory()
    confirm_representative(representative, AgencyFactory(name_en="Saudi Data and AI Authority"))
    Representation.objects.create(
        user=pending,
        kind=ParticipantType.AGENCY,
        agency=AgencyFactory(name_en="Unconfirmed Agency"),
        status=RepresentationStatus.PENDING,
    )
    submit(representative, announcement, "Our authority supports this.")
    submit(pending, announcement, "I claim to speak for an agency.")
    submit(citizen, announcement, "Just a citizen here.")

    html = client.get(page_url(announcement)).content.decode()

    assert "representative of Saudi Data and AI Authority" in html
    assert "Unconfirmed Agency" not in html
    assert html.count("representative of") == 1


def test_top_level_comments_come_20_to_a_page(client, announcement):
    for n in range(25):
        submit(UserFactory(), announcement, f"Distinct comment {n} about topic {n * 13}.")

    first = client.get(page_url(announcement)).content.decode()
    second = client.get(f"{page_url(announcement)}?comments_page=2").content.decode()

    assert first.count('class="comment border-start') == 20
    assert second.count('class="comment border-start') == 5
    assert "Distinct comment 24 " in first, "newest first"
    assert "Distinct comment 0 " in second
    assert 'href="?comments_page=2#comments"' in first


def test_comments_sort_by_endorsements_or_age(client, announcement):
    quiet = submit(UserFactory(), announcement, "Quiet comment.")
    popular = submit(UserFactory(), announcement, "Popular comment.")
    middle = submit(UserFactory(), announcement, "Middle comment.")
    Contribution.objects.filter(pk=quiet.pk).update(endorsement_count=5)
    Contribution.objects.filter(pk=popular.pk).update(endorsement_count=9)

    def order(sort: str) -> list[int]:
        html = client.get(f"{page_url(announcement)}?comments_sort={sort}").content.decode()
        return sorted([quiet.pk, popular.pk, middle.pk], key=lambda pk: html.index(f'id="c{pk}"'))

    assert order("endorsed") == [popular.pk, quiet.pk, middle.pk]
    assert order("oldest") == [quiet.pk, popular.pk, middle.pk]
    assert order("newest") == [middle.pk, popular.pk, quiet.pk]
    assert order("nonsense") == order("newest")
    html = client.get(f"{page_url(announcement)}?comments_sort=endorsed").content.decode()
    assert 'href="?comments_sort=endorsed#comments" aria-current="true"' in html


def test_hidden_and_rejected_comments_are_not_public(client, announcement):
    shown = submit(UserFactory(), announcement, "Visible comment.")
    hidden = submit(UserFactory(), announcement, "Hidden comment.")
    rejected = submit(UserFactory(), announcement, "Rejected comment.")
    Contribution.objects.filter(pk=hidden.pk).update(status=Status.HIDDEN)
    Contribution.objects.filter(pk=rejected.pk).update(status=Status.REJECTED)

    for viewer in (None, hidden.author, rejected.author):
        if viewer:
            client.force_login(viewer)
        html = client.get(page_url(announcement)).content.decode()
        assert f'id="c{shown.pk}"' in html
        assert "Hidden comment." not in html and "Rejected comment." not in html


def test_own_pending_comment_is_first_among_the_newest(client, agency):
    announcement = make_announcement(agency, pre_moderated=True)
    author = UserFactory()
    older = submit(UserFactory(), announcement, "Approved earlier.")
    Contribution.objects.filter(pk=older.pk).update(
        status=Status.PUBLISHED, published_at=timezone.now(), needs_review=False
    )
    mine = submit(author, announcement, "My new comment waiting.")
    client.force_login(author)

    html = client.get(page_url(announcement)).content.decode()

    assert html.index(f'id="c{mine.pk}"') < html.index(f'id="c{older.pk}"')
    assert "Only you can see this until a moderator publishes it." in html


def test_the_thread_shows_only_its_own_space(client, agency, announcement):
    other = make_announcement(agency, editor=announcement.created_by, title_en="Other news")
    submit(UserFactory(), other, "Comment on the other news.")
    submit(UserFactory(), announcement, "Comment here.")

    html = client.get(page_url(announcement)).content.decode()

    assert "Comment here." in html and "Comment on the other news." not in html


@pytest.mark.parametrize(("prefix", "lang"), [("", "ar"), ("/en", "en")])
def test_thread_renders_in_both_languages_with_the_forms(client, announcement, prefix, lang):
    comment = submit(UserFactory(), announcement, "تعليق باللغة العربية")
    client.force_login(UserFactory())

    response = client.get(page_url(announcement, prefix))

    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{lang}"' in html
    assert html.count("<h1") == 1
    assert f'action="{prefix}/participation/spaces/' in html
    assert f'action="{prefix}/participation/contributions/{comment.pk}/endorse/"' in html
    assert '<div dir="auto" class="contribution-body">' in html


def test_endorsements_by_others_do_not_mark_the_viewer(client, announcement):
    comment = submit(UserFactory(), announcement, "Endorsed by someone else.")
    Endorsement.objects.create(contribution=comment, user=UserFactory())
    client.force_login(UserFactory())
    html = client.get(page_url(announcement)).content.decode()
    assert 'aria-pressed="false"' in html and 'aria-pressed="true"' not in html


def test_a_thread_can_be_narrowed_to_one_target_of_its_space(client, rf, agency, announcement):
    """Channels with several things in one space (articles of a consultation) pass ``target``;
    it travels in the forms signed, so it cannot be swapped for another object."""
    space = space_of(announcement)
    article = make_announcement(agency, editor=announcement.created_by, title_en="Article one")
    contribution_submit(actor=UserFactory(), space=space, body="About article one.", target=article)
    submit(UserFactory(), announcement, "About the whole space.")
    request = rf.get(page_url(announcement))
    request.user = AnonymousUser()

    html = Template("{% load comments %}{% comments_thread space target=article %}").render(
        Context({"request": request, "space": space, "article": article})
    )

    assert "About article one." in html and "About the whole space." not in html

    client.force_login(UserFactory())
    response = post_comment(
        client, announcement, "Another view on article one.", target=target_token(article)
    )
    assert response.status_code == 302
    created = Contribution.objects.get(body="Another view on article one.")
    assert (created.target_type, created.target_id) == (
        "announcements.announcement",
        str(article.pk),
    )

    forged = signing.dumps(["core.agency", str(agency.pk)], salt="another-salt")
    assert post_comment(client, announcement, "Forged target.", target=forged).status_code == 400
    assert not Contribution.objects.filter(body="Forged target.").exists()
