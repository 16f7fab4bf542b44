"""A forum with 50,000 topics and 1,000,000 replies: the topic list and topic pages.

Builds one platform-wide forum (three categories) with plain INSERTs, 20,000 rows at a time: each
topic's opening post and its replies are ``Contribution`` rows in the forum's space targeted at
the topic, published, a quarter of the replies answering an earlier reply (threaded within the
depth limit); one topic holds 2% of all replies, a tenth of the topics have none, the rest follow
a long-tailed spread. Each ``Topic`` row carries the figures the channel hook would have left
(reply count, last activity, endorsements = its opening's), some pinned, locked or with a staff
answer. Then, in-process with the Django test client, anonymous and signed in: the topic list
(default sort, most endorsed, unanswered, a deep page) and a topic page (the biggest topic, one
of typical size, a deep page of the biggest one's replies): status, queries, p50/p95 over
``--runs`` requests each. Target (issue 7): p95 ≤ 100 ms.

Usage: .venv/bin/python bench/forums.py [--topics 50000] [--replies 1000000] [--runs 100]
"""

import argparse
import os
import platform
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ARABIC_WORDS, ENGLISH_WORDS, setup_django, timed, write_section

BATCH = 20_000
AUTHORS = 3000
BIG_SHARE = 0.02  # of all replies, in one topic
EMPTY_SHARE = 0.1  # topics nobody answered
THREADED_SHARE = 0.25
MAX_DEPTH = 3
HISTORY_DAYS = 365
BODIES = 4000  # distinct texts drawn from (bodies need not be unique here)

CONTRIBUTION_FIELDS = (
    "id",
    "space",
    "agency",
    "target_type",
    "target_id",
    "parent",
    "depth",
    "author",
    "body",
    "body_original",
    "similarity_key",
    "language",
    "status",
    "needs_review",
    "queue_reasons",
    "findings",
    "extra",
    "endorsement_count",
    "flag_count",
    "created_at",
    "published_at",
)
TOPIC_FIELDS = (
    "id",
    "forum",
    "category",
    "title",
    "author",
    "opening",
    "visible",
    "pinned",
    "locked",
    "staff_answer",
    "reply_count",
    "endorsement_count",
    "created_at",
    "last_activity_at",
)


class Inserter:
    """Plain ``executemany`` INSERTs of column tuples, flushed every ``BATCH`` rows: the ORM would
    build and compile a model object per row (minutes for a million)."""

    def __init__(self, model, fields: tuple[str, ...]):
        from django.db import connection

        quote = connection.ops.quote_name
        columns = ", ".join(quote(model._meta.get_field(f).column) for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        self.sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"
        self.rows: list[tuple] = []
        self.count = 0

    def add(self, row: tuple) -> None:
        self.rows.append(row)
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        from django.db import connection

        if self.rows:
            with connection.cursor() as cursor:
                cursor.executemany(self.sql, self.rows)
            self.count += len(self.rows)
            self.rows = []


def reply_counts(rng: random.Random, topics: int, replies: int) -> list[int]:
    """Replies per topic: the first topic gets ``BIG_SHARE`` of them, a tenth get none, the
    others a long-tailed share (Pareto), adding up to ``replies`` exactly."""
    big = int(replies * BIG_SHARE) if topics > 1 else replies
    weights = [0.0] + [
        0.0 if rng.random() < EMPTY_SHARE else rng.paretovariate(1.6) for _ in range(topics - 1)
    ]
    total = sum(weights) or 1.0
    rest = replies - big
    counts = [int(rest * w / total) for w in weights]
    counts[0] = big
    short = replies - sum(counts)
    answered = [i for i, w in enumerate(weights) if w > 0] or [0]
    for n in range(short):
        counts[answered[n % len(answered)]] += 1
    return counts


def build(topic_total: int, reply_total: int):
    """Agency, forum, representatives, then every topic with its opening post and replies."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone

    from musharaka.core.models import (
        Agency,
        AgencyKind,
        ParticipantType,
        Representation,
        RepresentationStatus,
        User,
    )
    from musharaka.forums.models import Forum, ForumCategory, Posting, Topic
    from musharaka.forums.services import forum_space
    from musharaka.participation.models import Contribution, Status

    rng = random.Random(7)
    now = timezone.now()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # a throwaway database: no need to survive a crash
            cursor.execute("PRAGMA synchronous = OFF")
            cursor.execute("PRAGMA journal_mode = MEMORY")
    agency = Agency.objects.create(
        slug="yesser", name_ar="يسّر", name_en="Yesser", kind=AgencyKind.PROGRAMME
    )
    password = make_password("bench-password-123")
    User.objects.bulk_create(
        [
            User(email=f"rep{i}@bench.sa", full_name=f"ممثل الجهة {i}", password=password)
            for i in range(AUTHORS)
        ],
        batch_size=BATCH,
    )
    authors = list(User.objects.filter(email__startswith="rep").order_by("pk"))
    Representation.objects.bulk_create(
        [
            Representation(
                user=u,
                kind=ParticipantType.AGENCY,
                agency=agency,
                job_title="ممثل الجهة",
                status=RepresentationStatus.CONFIRMED,
                decided_at=now,
            )
            for u in authors
        ],
        batch_size=BATCH,
    )
    author_ids = [u.pk for u in authors]
    forum = Forum.objects.create(
        agency=agency,
        slug="e-participation",
        name_ar="المشاركة الإلكترونية",
        name_en="E-participation",
        platform_wide=True,
        posting=Posting.SIGNED_IN,
    )
    categories = [
        ForumCategory.objects.create(forum=forum, slug=slug, name_ar=ar, name_en=en, position=i)
        for i, (slug, ar, en) in enumerate(
            [
                ("experiences", "تجارب الجهات", "Agencies' experiences"),
                ("tools", "الأدوات والمنصات", "Tools and platforms"),
                ("guideline", "الدليل والسياسات", "The guideline and policies"),
            ]
        )
    ]
    space = forum_space(forum)

    def db_json(name: str, value):
        field = Contribution._meta.get_field(name)
        return field.get_db_prep_value(value, connection)

    def db_time(value):
        return connection.ops.adapt_datetimefield_value(value)

    empty_list = db_json("queue_reasons", [])
    opening_extra = db_json("extra", {"opening": True, "announced": True})
    announced = db_json("extra", {"announced": True})
    bodies = [
        " ".join(rng.choices(ARABIC_WORDS, k=rng.randint(8, 40)))
        if n % 10
        else " ".join(rng.choices(ENGLISH_WORDS, k=rng.randint(8, 30)))
        for n in range(BODIES)
    ]
    counts = reply_counts(rng, topic_total, reply_total)
    pinned = set(rng.sample(range(1, topic_total), min(3, topic_total - 1)))
    locked = set(rng.sample(range(topic_total), topic_total // 100))

    contributions = Inserter(Contribution, CONTRIBUTION_FIELDS)
    topics = Inserter(Topic, TOPIC_FIELDS)
    next_id = (Contribution.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    span = HISTORY_DAYS * 86400
    with transaction.atomic():
        for n in range(topic_total):
            topic_id = n + 1
            # Topics in the order they were started; the biggest one a year ago.
            started = now - timedelta(seconds=span * (1 - n / topic_total) + 3600)
            opening_id = next_id
            next_id += 1
            author = rng.choice(author_ids)
            endorsements = int(rng.paretovariate(1.2)) - 1
            contributions.add(
                (
                    opening_id, space.pk, agency.pk, "forums.topic", str(topic_id), None, 0,
                    author, bodies[rng.randrange(BODIES)], "", "", "ar", Status.PUBLISHED, False,
                    empty_list, empty_list, opening_extra, endorsements, 0,
                    db_time(started), db_time(started),
                )
            )  # fmt: skip
            # Replies between the topic's start and an hour ago, most of them early on.
            window = (now - started).total_seconds() - 7200
            moments = sorted(rng.random() ** 2 * window for _ in range(counts[n]))
            recent: list[tuple[int, int]] = []  # (id, depth) of the latest replies
            last = started
            answer = None
            for offset in moments:
                reply_id = next_id
                next_id += 1
                parent, depth = None, 0
                if recent and rng.random() < THREADED_SHARE:
                    parent, parent_depth = rng.choice(recent)
                    if parent_depth < MAX_DEPTH:
                        depth = parent_depth + 1
                    else:
                        parent = None
                last = started + timedelta(seconds=3600 + offset)
                at = db_time(last)
                contributions.add(
                    (
                        reply_id, space.pk, agency.pk, "forums.topic", str(topic_id), parent,
                        depth, rng.choice(author_ids), bodies[rng.randrange(BODIES)], "", "",
                        "ar", Status.PUBLISHED, False, empty_list, empty_list, announced,
                        int(rng.paretovariate(2)) - 1, 0, at, at,
                    )
                )  # fmt: skip
                recent.append((reply_id, depth))
                if len(recent) > 20:
                    recent.pop(0)
                if answer is None and depth == 0 and n % 20 == 3:
                    answer = reply_id  # a staff answer on one topic in twenty
            topics.add(
                (
                    topic_id, forum.pk, categories[n % len(categories)].pk,
                    f"موضوع رقم {topic_id}: " + " ".join(rng.choices(ARABIC_WORDS, k=6)),
                    author, opening_id, True, n in pinned, n in locked, answer, counts[n],
                    endorsements, db_time(started), db_time(last),
                )
            )  # fmt: skip
        contributions.flush()
        topics.flush()
    return forum, authors[0], counts


def measure(client, path: str, runs: int) -> dict:
    """Status, queries (and the slowest one's time) and p50/p95/max of ``runs`` GETs of
    ``path`` (after one warm-up)."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    client.get(path)
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        status = client.get(path).status_code
    count = len(queries)
    slowest = max((float(q["time"]) * 1000 for q in queries), default=0.0)
    figures = {"status": status, "queries": count, "slowest": slowest}
    if status != 200:
        return figures
    return {**figures, **timed(lambda: client.get(path), runs)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--topics", type=int, default=50_000)
    parser.add_argument("--replies", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=100)
    args = parser.parse_args()
    setup_django()
    from django.test import Client
    from django.urls import reverse

    from musharaka.forums.models import Topic
    from musharaka.participation.models import Contribution

    started = time.perf_counter()
    forum, reader, counts = build(args.topics, args.replies)
    build_s = time.perf_counter() - started
    rows = Contribution.objects.count()
    threaded = Contribution.objects.exclude(parent=None).count()
    print(
        f"built {args.topics:,} topics and {args.replies:,} replies ({rows:,} contribution rows, "
        f"{threaded:,} answering another reply) in {build_s:.1f} s"
    )

    biggest = Topic.objects.order_by("-reply_count", "pk").first()
    top_level = (
        Contribution.objects.filter(target_id=str(biggest.pk), parent=None)
        .exclude(pk=biggest.opening_id)
        .count()
    )
    middle = statistics.median_low([c for c in counts if c])
    typical = Topic.objects.filter(reply_count=middle).order_by("pk").first()
    forum_path = reverse("forums:forum", args=[forum.slug])
    big_path = reverse("forums:topic", args=[forum.slug, biggest.pk])
    typical_path = reverse("forums:topic", args=[forum.slug, typical.pk])
    pages = [
        ("topic list, latest activity", forum_path),
        ("topic list, most endorsed", f"{forum_path}?sort=endorsed"),
        ("topic list, unanswered", f"{forum_path}?sort=unanswered"),
        ("topic list, page 500", f"{forum_path}?page=500"),
        (f"topic page, biggest topic ({biggest.reply_count:,} replies)", big_path),
        (f"topic page, typical topic ({typical.reply_count} replies)", typical_path),
        ("topic page, biggest topic, replies page 50", f"{big_path}?comments_page=50"),
    ]
    anonymous = Client(HTTP_HOST="localhost")
    signed_in = Client(HTTP_HOST="localhost")
    signed_in.force_login(reader)
    results = []
    for label, path in pages:
        for who, client in (("anonymous", anonymous), ("signed in", signed_in)):
            figures = measure(client, path, args.runs)
            results.append((label, who, path, figures))
            timing = (
                f", p50 {figures['p50']:.1f} ms, p95 {figures['p95']:.1f} ms, "
                f"max {figures['max']:.1f} ms"
                if "p50" in figures
                else " (not measured)"
            )
            print(
                f"{label}, {who}: HTTP {figures['status']}, {figures['queries']} queries "
                f"(slowest {figures['slowest']:.1f} ms){timing}"
            )

    if any(f["status"] != 200 for _l, _w, _p, f in results):
        print("Some pages did not answer 200: docs/performance.md left as it was.")
        return
    lines = [
        f"One platform-wide forum with {args.topics:,} topics and {args.replies:,} replies "
        f"({threaded:,} of them answering another reply; one topic holds "
        f"{biggest.reply_count:,}, a tenth have none), bulk-inserted in {build_s:.0f} s, SQLite, "
        f"Python {platform.python_version()}, {os.cpu_count()} cores. Django test client "
        f"in-process, anonymous and signed in as a representative; after one warm-up request.",
        "",
        "| page | reader | HTTP | queries | slowest query ms | p50 ms | p95 ms | max ms | runs |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for label, who, _path, f in results:
        lines.append(
            f"| {label} | {who} | {f['status']} | {f['queries']} | {f['slowest']:.1f} "
            f"| {f['p50']:.1f} | {f['p95']:.1f} | {f['max']:.1f} | {args.runs} |"
        )
    lines += [
        "",
        "Target: p95 ≤ 100 ms for the list and topic pages. The list reads only `Topic` rows, "
        "each keeping its reply count, last activity and endorsements, so no sort touches the "
        "replies; a deep page costs its offset in the `(forum, visible, pinned, <sort>)` index. "
        "A topic page reads one page of its thread: one query for the top-level replies, one "
        "per level of replies under them that the page has (at most three), and one to find the "
        "page holding the staff answer when there is one; so its query count depends on the "
        "page's shape, not on the number of replies. The top-level replies of a page come "
        "from the shared thread (`participation.selectors.thread_page`), ordered by "
        "`COALESCE(published_at, created_at)`; the expression index "
        "`contribution_thread_order` (space, target, parent, that expression) lets the "
        "database read them in order and stop after the page instead of sorting all "
        f"{top_level:,} top-level replies of the biggest topic; what a deep page of replies "
        "still costs is its offset in that index.",
    ]
    write_section("Forums", lines)


if __name__ == "__main__":
    main()
