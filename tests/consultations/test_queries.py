"""The hot queries of the consultation pages go through indexes, and the rewrites that made
them do so (no OR in the visibility rule, ids before rows, one tally for every count) show
readers and the drafting team exactly what they showed before.

On SQLite ``EXPLAIN QUERY PLAN`` says ``SCAN <table>`` when a query reads a whole table and
``SEARCH <table> USING ... INDEX`` when it goes through an index. On PostgreSQL the plan is asked
for with sequential scans discouraged (``enable_seqscan = off``): a ``Seq Scan`` that remains means
no index can serve the query at all (small test tables would otherwise always be scanned)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from musharaka.consultations import selectors
from musharaka.consultations.models import Phase, Stance
from musharaka.core.models import ParticipantType
from musharaka.participation.cache import owner_generation_bump
from musharaka.participation.models import Contribution, Status
from musharaka.participation.selectors import current_rules
from musharaka.participation.services import contribution_submit, contribution_withdraw
from tests.consultations.review_data import add_comment, articles_of, make_consultation
from tests.factories import AgencyFactory, UserFactory

HOT_TABLES = ("participation_contribution", "consultations_comment")


# Going through an index on the space or the status alone reads every text of the channel (or
# every published text anywhere): as bad as a scan once a space holds 100,000. (A whole
# consultation's comments from a covering index is what its counts are made of: allowed.)
BROAD = re.compile(
    r"SEARCH (participation_contribution|U\d+) USING (COVERING )?INDEX \w+ "
    r"\((space_id|status)=\?\)$"
)


def _plan_lines(cursor, sql: str) -> list[str]:
    if connection.vendor == "postgresql":
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql)
        return [row[0] for row in cursor.fetchall()]
    cursor.execute("EXPLAIN QUERY PLAN " + sql)
    return [row[-1] for row in cursor.fetchall()]


PG_SEQ_SCAN = re.compile(rf"Seq Scan on ({'|'.join(HOT_TABLES)})\b")


def _whole_table_reads(queries, *, broad: bool = True) -> list[tuple[str, str]]:
    """(plan line, query) for every query that reads a whole comments or contributions table,
    or (``broad``, SQLite) a whole space's or status's worth of it."""
    found = []
    with connection.cursor() as cursor:
        for query in queries:
            sql = query["sql"]
            if not sql.startswith("SELECT") or not any(t in sql for t in HOT_TABLES):
                continue
            if connection.vendor == "postgresql":
                found += [
                    (line, sql[:300])
                    for line in _plan_lines(cursor, sql)
                    if PG_SEQ_SCAN.search(line)
                ]
                continue
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            for row in cursor.fetchall():
                detail = row[-1]
                # Subqueries name their tables U0, U1…: count those too (conservative).
                if re.match(rf"SCAN ({'|'.join(HOT_TABLES)}|U\d+)\b", detail) or (
                    broad and BROAD.match(detail)
                ):
                    found.append((detail, sql[:300]))
    return found


def _public_url(consultation, node=None) -> str:
    base = f"/en/consultations/{consultation.agency.slug}/{consultation.slug}/"
    return base if node is None else f"{base}articles/{node.key}/"


@pytest.fixture
def open_consultation(agency):
    consultation = make_consultation(agency, phase=Phase.OPEN)
    first, second, _third = articles_of(consultation)
    for i in range(6):
        add_comment(consultation, first if i % 2 else second, stance=Stance.values[i % 4])
    add_comment(consultation, None, stance=Stance.QUESTION)
    add_comment(consultation, first, status=Status.PENDING)
    return consultation


def _replies_to(comment, author=None):
    contribution = comment.contribution
    return contribution_submit(
        actor=author or UserFactory(),
        space=contribution.space,
        body="رد على التعليق بنص مختلف تماما عن غيره",
        parent=contribution,
        target=comment.node,
        accepted_rules=current_rules(agency=contribution.agency),
    )


@pytest.mark.parametrize("signed_in", [False, True])
@pytest.mark.parametrize("page", ["article", "consultation"])
def test_public_pages_never_read_a_whole_comments_table(client, open_consultation, signed_in, page):
    node = articles_of(open_consultation)[0] if page == "article" else None
    first = open_consultation.comments.filter(node=node).first()
    _replies_to(first)
    if signed_in:
        client.force_login(UserFactory())
    _forget_pages(open_consultation)  # the uncached path: the first reader after a write
    with CaptureQueriesContext(connection) as queries:
        assert client.get(_public_url(open_consultation, node)).status_code == 200
    assert _whole_table_reads(queries.captured_queries) == []


def test_review_table_never_reads_a_whole_comments_table(client, open_consultation):
    client.force_login(open_consultation.owner)
    url = (
        f"/en/workspace/{open_consultation.agency.slug}/consultations/"
        f"{open_consultation.pk}/review/"
    )
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert _whole_table_reads(queries.captured_queries) == []


def test_the_check_itself_sees_a_whole_table_read(db):
    """The plan check is not vacuous: an unindexed filter is reported."""
    with CaptureQueriesContext(connection) as queries:
        list(Contribution.objects.filter(body="x"))
    assert _whole_table_reads(queries.captured_queries)


# --- What readers see is unchanged ------------------------------------------------------------


def _forget_pages(consultation) -> None:
    """Retire the consultation's cached pages only (never ``cache.clear()``: on Redis that would
    empty the cache of tests running beside this one)."""
    owner_generation_bump(owner=consultation)


def _shown(client, consultation, node) -> str:
    _forget_pages(consultation)
    return client.get(_public_url(consultation, node)).content.decode()


def test_own_waiting_comment_is_shown_to_its_author_only(client, agency):
    consultation = make_consultation(agency, phase=Phase.OPEN)
    node = articles_of(consultation)[0]
    author = UserFactory()
    add_comment(consultation, node, body="نص منشور يراه الجميع في الصفحة")
    waiting = add_comment(
        consultation, node, author=author, status=Status.PENDING, body="نص ينتظر المراجعة"
    )
    waiting_reply = _replies_to(add_comment(consultation, node), author=author)
    Contribution.objects.filter(pk=waiting_reply.pk).update(status=Status.PENDING)
    assert "نص ينتظر المراجعة" not in _shown(client, consultation, node)
    client.force_login(UserFactory())
    assert "نص ينتظر المراجعة" not in _shown(client, consultation, node)
    client.force_login(author)
    html = _shown(client, consultation, node)
    assert "نص ينتظر المراجعة" in html
    assert f'id="c{waiting.contribution_id}"' in html
    assert f'id="c{waiting_reply.pk}"' in html  # a waiting reply too
    assert "نص منشور يراه الجميع في الصفحة" in html


def test_withdrawn_comment_stays_only_while_it_has_replies(client, agency):
    consultation = make_consultation(agency, phase=Phase.OPEN)
    node = articles_of(consultation)[0]
    answered = add_comment(consultation, node)
    lonely = add_comment(consultation, node)
    _replies_to(answered)
    for comment in (answered, lonely):
        contribution_withdraw(actor=comment.contribution.author, contribution=comment.contribution)
    html = _shown(client, consultation, node)
    assert f'id="c{answered.contribution_id}"' in html
    assert f'id="c{lonely.contribution_id}"' not in html


def test_article_thread_shows_only_that_article_and_stance(client, agency):
    consultation = make_consultation(agency, phase=Phase.OPEN)
    first, second, _third = articles_of(consultation)
    on_first = add_comment(consultation, first, stance=Stance.OBJECT)
    on_first_support = add_comment(consultation, first, stance=Stance.SUPPORT)
    on_second = add_comment(consultation, second, stance=Stance.OBJECT)
    general = add_comment(consultation, None, stance=Stance.OBJECT)
    html = _shown(client, consultation, first)
    assert f'id="c{on_first.contribution_id}"' in html
    assert f'id="c{on_first_support.contribution_id}"' in html
    assert f'id="c{on_second.contribution_id}"' not in html
    assert f'id="c{general.contribution_id}"' not in html
    _forget_pages(consultation)
    html = client.get(_public_url(consultation, first) + "?stance=object").content.decode()
    assert f'id="c{on_first.contribution_id}"' in html
    assert f'id="c{on_first_support.contribution_id}"' not in html
    general_html = _shown(client, consultation, None)
    assert f'id="c{general.contribution_id}"' in general_html
    assert f'id="c{on_first.contribution_id}"' not in general_html


def test_public_counts_match_the_separate_counts(agency):
    consultation = make_consultation(agency, phase=Phase.OPEN, audience="both")
    first, second, _third = articles_of(consultation)
    add_comment(consultation, first, stance=Stance.OBJECT)
    add_comment(consultation, first, stance=Stance.SUPPORT, participant_type=ParticipantType.AGENCY)
    add_comment(consultation, second, stance=Stance.AMEND)
    add_comment(consultation, None, stance=Stance.QUESTION)
    add_comment(consultation, first, status=Status.PENDING)
    add_comment(consultation, second, status=Status.HIDDEN)
    for key in (None, first.key, second.key):
        per_article, counts = selectors.public_counts(consultation=consultation, article_key=key)
        assert per_article == {first.key: 2, second.key: 1}
        assert counts == selectors.comment_counts(consultation=consultation, article_key=key)
    _, whole = selectors.public_counts(consultation=consultation)
    assert whole.total == 4
    assert dict((v, n) for v, _label, n in whole.by_stance)[Stance.OBJECT] == 1


def test_review_progress_counts_every_status(agency):
    consultation = make_consultation(agency)
    first = articles_of(consultation)[0]
    answered = add_comment(consultation, first)
    add_comment(consultation, first)
    add_comment(consultation, None)
    add_comment(consultation, first, status=Status.PENDING)
    add_comment(consultation, first, status=Status.HIDDEN)
    type(answered).objects.filter(pk=answered.pk).update(answer="accepted")
    other = make_consultation(agency, slug="another")
    add_comment(other, articles_of(other)[0], status=Status.PENDING)
    assert selectors.review_progress(consultation=consultation) == {
        "total": 5,
        "published": 3,
        "answered": 1,
        "unanswered": 2,
        "pending": 1,
    }


def test_review_table_pages_keep_the_document_order(client, agency):
    """Ids are sorted first and the rows read after: the page must keep that order."""
    consultation = make_consultation(agency)
    first, second, third = articles_of(consultation)
    made = [add_comment(consultation, node) for node in (third, None, second, first) * 14]
    AgencyFactory()
    client.force_login(consultation.owner)
    url = f"/en/workspace/{agency.slug}/consultations/{consultation.pk}/review/"
    shown = []
    for page in (1, 2):
        html = client.get(f"{url}?page={page}").content.decode()
        shown += [int(pk) for pk in re.findall(r'<tr id="comment-(\d+)"', html)]
    position = {None: 0, first.pk: 1, second.pk: 2, third.pk: 3}
    expected = sorted(made, key=lambda c: (position[c.node_id], c.contribution.created_at, c.pk))
    assert shown == [c.pk for c in expected]
