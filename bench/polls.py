"""A 10-question survey with 100,000 submitted responses: results page and export times.

Builds the data with bulk inserts (about 15 answer rows per response), then times computing the
results (cold, then from the cache), the public and staff results pages in-process with their
query counts (checked equal to those of a survey with ten responses: the count must not grow
with the data), the CSV export (target ≤ 30 s), the XLSX export and the PDF summary.
Targets (issue 5): results ≤ 1 s cold, then cached; CSV of 100,000 responses ≤ 30 s.

Usage: .venv/bin/python bench/polls.py [--responses 100000]
"""

import argparse
import os
import platform
import random
import secrets
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ARABIC_WORDS, setup_django, write_section

BATCH = 5000
PUBLISHED_TEXTS = 3000


def make_survey(manager, agency, *, slug_hint: str):
    """The survey, built through the services as staff would: ten questions, every kind."""
    from django.utils import timezone

    from musharaka.polls import services
    from musharaka.polls.models import Audience, PollKind, QuestionKind, ResultsPolicy

    now = timezone.now()
    poll = services.poll_create(
        actor=manager,
        agency=agency,
        kind=PollKind.SURVEY,
        data={
            "title_ar": "استطلاع رضا المستفيدين عن الخدمات الرقمية",
            "title_en": f"Satisfaction with digital services {slug_hint}",
            "audience": Audience.EVERYONE,
            "results_policy": ResultsPolicy.LIVE,
            "opens_at": now - timedelta(days=30),
            "closes_at": now + timedelta(days=30),
        },
    )

    def opts(*labels):
        return [{"label_ar": label, "label_en": f"Option {i}"} for i, label in enumerate(labels)]

    def add(kind, text, page=1, options=None, **extra):
        return services.question_add(
            actor=manager,
            poll=poll,
            data={"kind": kind, "text_ar": text, "text_en": text, "page": page, **extra},
            options=options,
        )

    add(QuestionKind.SINGLE, "هل استخدمت البوابة؟", options=opts("نعم", "لا", "لا أعرف"))
    add(
        QuestionKind.MULTIPLE,
        "ما الخدمات التي استخدمتها؟",
        options=opts("الرخص", "المواعيد", "الشكاوى", "الدفع", "الاستعلام"),
    )
    add(QuestionKind.SCALE, "قيّم سهولة الاستخدام", scale_min=1, scale_max=5)
    add(
        QuestionKind.RANKING, "رتّب الأولويات", options=opts("السرعة", "الوضوح", "الخصوصية", "الدعم")
    )
    add(QuestionKind.NUMBER, "كم مرة زرت البوابة هذا الشهر؟", required=False)
    add(QuestionKind.DATE, "متى زرتها آخر مرة؟", page=2, required=False)
    add(
        QuestionKind.MATRIX,
        "قيّم كل جانب",
        page=2,
        options=opts("التصميم", "المحتوى", "السرعة"),
        scale_min=0,
        scale_max=10,
    )
    add(QuestionKind.SHORT_TEXT, "عنوان ملاحظتك", page=2, required=False)
    add(QuestionKind.LONG_TEXT, "ما الذي نحسّنه؟", page=2, required=False, answers_public=True)
    add(QuestionKind.SINGLE, "هل تنصح بها غيرك؟", page=2, options=opts("نعم", "لا"))
    services.poll_publish(actor=manager, poll=poll)
    return poll


def _insert(model, fields: tuple[str, ...], rows: list[tuple]) -> None:
    """Plain INSERTs: a million answers in seconds, where the ORM would build an object each."""
    from django.db import connection

    columns = ", ".join(connection.ops.quote_name(model._meta.get_field(f).column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 20_000):
            cursor.executemany(sql, rows[start : start + 20_000])


RESPONSE_FIELDS = (
    "id",
    "poll",
    "token",
    "participant_type",
    "on_behalf_of",
    "status",
    "page",
    "started_at",
    "submitted_at",
)
ANSWER_FIELDS = (
    "response",
    "poll",
    "question",
    "option",
    "value",
    "number",
    "date",
    "text",
    "contribution",
    "final",
    "participant_type",
)


def one_response(rng, questions, options, texts, published, now, day) -> list[tuple]:
    """One person's answers as (question, option, value, number, date, text, contribution)."""
    from musharaka.polls.models import QuestionKind

    out = []
    for q in questions:
        if q.kind == QuestionKind.SINGLE:
            out.append((q.pk, rng.choice(options[q.pk]), None, None, None, "", None))
        elif q.kind == QuestionKind.MULTIPLE:
            for option in rng.sample(options[q.pk], rng.randint(1, 3)):
                out.append((q.pk, option, None, None, None, "", None))
        elif q.kind == QuestionKind.SCALE:
            out.append((q.pk, None, rng.randint(1, 5), None, None, "", None))
        elif q.kind == QuestionKind.RANKING:
            order = rng.sample(options[q.pk], len(options[q.pk]))
            for rank, option in enumerate(order, start=1):
                out.append((q.pk, option, rank, None, None, "", None))
        elif q.kind == QuestionKind.NUMBER and rng.random() < 0.8:
            out.append((q.pk, None, None, rng.randint(0, 60), None, "", None))
        elif q.kind == QuestionKind.DATE and rng.random() < 0.6:
            when = day(now.date() - timedelta(days=rng.randint(0, 700)))
            out.append((q.pk, None, None, None, when, "", None))
        elif q.kind == QuestionKind.MATRIX:
            for option in options[q.pk]:
                out.append((q.pk, option, rng.randint(0, 10), None, None, "", None))
        elif q.kind == QuestionKind.SHORT_TEXT and rng.random() < 0.3:
            text = " ".join(rng.choices(ARABIC_WORDS, k=4))
            out.append((q.pk, None, None, None, None, text, None))
        elif q.kind == QuestionKind.LONG_TEXT and rng.random() < 0.2:
            linked = published.pop() if published else None
            out.append((q.pk, None, None, None, None, rng.choice(texts), linked))
    return out


def fill(poll, total: int, authors: list[int], others: list[int]) -> None:
    """``total`` submitted responses with their final answers, inserted in bulk."""
    from django.db import connection
    from django.db.models import Max
    from django.utils import timezone

    from musharaka.core.models import ParticipantType
    from musharaka.participation.models import Contribution, Status
    from musharaka.participation.selectors import space_for
    from musharaka.polls.models import Answer, Poll, QuestionKind, Response, ResponseStatus

    rng = random.Random(5)
    now = timezone.now()
    moment = connection.ops.adapt_datetimefield_value
    day = connection.ops.adapt_datefield_value
    questions = list(poll.questions.prefetch_related("options"))
    options = {q.pk: [o.pk for o in q.options.all()] for q in questions}
    space = space_for(owner=poll)
    types = [ParticipantType.CITIZEN] * 7 + [
        ParticipantType.AGENCY,
        ParticipantType.PRIVATE,
        ParticipantType.ACADEMIC,
    ]
    texts = [" ".join(rng.choices(ARABIC_WORDS, k=30)) + f" {i}" for i in range(500)]
    long_q = next(q for q in questions if q.kind == QuestionKind.LONG_TEXT)
    contributions = Contribution.objects.bulk_create(
        [
            Contribution(
                space=space,
                agency_id=poll.agency_id,
                target_type=long_q._meta.label_lower,
                target_id=str(long_q.pk),
                author_id=rng.choice(authors),
                body=texts[i % len(texts)],
                language="ar",
                status=Status.PUBLISHED,
                published_at=now,
            )
            for i in range(min(PUBLISHED_TEXTS, total // 5))
        ]
    )
    published = [c.pk for c in contributions]
    next_id = (Response.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    made = 0
    while made < total:
        size = min(BATCH, total - made)
        responses, rows = [], []
        for i in range(size):
            pk = next_id + made + i
            kind = rng.choice(types)
            at = moment(now - timedelta(seconds=total - made - i))
            agency = rng.choice(others) if kind == ParticipantType.AGENCY else None
            token = secrets.token_urlsafe(12)
            responses.append(
                (pk, poll.pk, token, kind, agency, ResponseStatus.SUBMITTED, 2, at, at)
            )

            for values in one_response(rng, questions, options, texts, published, now, day):
                rows.append((pk, poll.pk, *values, True, kind))
        _insert(Response, RESPONSE_FIELDS, responses)
        _insert(Answer, ANSWER_FIELDS, rows)
        made += size
    Poll.objects.filter(pk=poll.pk).update(response_count=total)


def build(total: int):
    from allauth.mfa.totp.internal.auth import TOTP
    from django.contrib.auth.hashers import make_password

    from musharaka.core.models import Agency, Membership, Role, User

    agency = Agency.objects.create(slug="yesser", name_ar="يسّر", name_en="Yesser", kind="programme")
    others = [
        Agency.objects.create(slug=f"agency-{i}", name_ar=f"الجهة {i}", name_en=f"Agency {i}").pk
        for i in range(20)
    ]
    password = make_password("bench-password-123")
    manager = User.objects.create(email="manager@bench.sa", full_name="مدير", password=password)
    Membership.objects.create(user=manager, agency=agency, role=Role.MANAGER)
    TOTP.activate(manager, "JBSWY3DPEHPK3PXPBENCHSECRETAAAAA")
    User.objects.bulk_create(
        [
            User(email=f"author{i}@bench.sa", full_name=f"مشارك {i}", password=password)
            for i in range(200)
        ]
    )
    authors = list(User.objects.filter(email__startswith="author").values_list("pk", flat=True))
    big = make_survey(manager, agency, slug_hint="(bench)")
    small = make_survey(manager, agency, slug_hint="(ten responses)")
    # Inserting into the answer table's seven indexes is I/O-bound with SQLite's default 2 MB
    # page cache and a sync at each checkpoint: while building only (a throwaway database),
    # a large cache and no syncs; the timings below run with the defaults.
    sqlite_pragmas(cache_kib=1_048_576, synchronous="OFF")
    fill(big, total, authors, others)
    fill(small, 10, authors, others)
    sqlite_pragmas(cache_kib=2000, synchronous="NORMAL")
    return big, small, manager


def sqlite_pragmas(*, cache_kib: int, synchronous: str) -> None:
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = -{int(cache_kib)}")
            cursor.execute(f"PRAGMA synchronous = {synchronous}")


def page_figures(client, path: str) -> dict:
    """One request in-process, cold (results not cached) then warm: times and query counts."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    figures = {}
    for label in ("cold", "warm"):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        figures[label] = {
            "ms": (time.perf_counter() - started) * 1000,
            "queries": len(queries),
            "sql_ms": sum(float(q["time"]) * 1000 for q in queries.captured_queries),
        }
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--responses", type=int, default=100_000)
    args = parser.parse_args()
    setup_django()
    import logging

    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    from django.core.cache import cache
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation

    from musharaka.core.exports import inline_limit
    from musharaka.polls import exports, results
    from musharaka.polls.models import Answer, Poll

    started = time.perf_counter()
    big, small, manager = build(args.responses)
    build_s = time.perf_counter() - started
    answer_rows = Answer.objects.filter(poll=big).count()
    print(f"built {args.responses} responses ({answer_rows} answers) in {build_s:.1f} s")

    def reload(poll) -> Poll:
        return Poll.objects.select_related("agency").get(pk=poll.pk)

    big = reload(big)
    cache.delete(results.cache_key(big))
    started = time.perf_counter()
    computed = results.poll_results(poll=big, language="ar")
    cold_s = time.perf_counter() - started
    started = time.perf_counter()
    results.poll_results(poll=reload(big), language="ar")
    warm_ms = (time.perf_counter() - started) * 1000
    assert computed.respondents == args.responses
    print(f"results: cold {cold_s:.2f} s, cached {warm_ms:.1f} ms")

    anonymous = Client(HTTP_HOST="localhost")
    staff = Client(HTTP_HOST="localhost")
    staff.force_login(manager)
    pages = {}
    for name, poll in (("big", big), ("small", small)):
        with translation.override("ar"):
            public = reverse("polls:results", args=[poll.agency.slug, poll.slug])
            workspace = reverse("workspace:poll_results", args=[poll.agency.slug, poll.pk])
        cache.delete(results.cache_key(poll))
        pages[(name, "public")] = page_figures(anonymous, public)
        cache.delete(results.cache_key(poll))
        pages[(name, "staff")] = page_figures(staff, workspace)
    for kind in ("public", "staff"):
        for state in ("cold", "warm"):
            big_q = pages[("big", kind)][state]["queries"]
            small_q = pages[("small", kind)][state]["queries"]
            figures = pages[("big", kind)][state]
            print(f"{kind} page {state}: {figures}; 10 responses: {small_q} queries")
            assert big_q == small_q, (
                f"{kind} page queries grow with responses: {big_q} vs {small_q}"
            )

    with tempfile.TemporaryDirectory() as workdir:
        target = Path(workdir) / "responses.csv"
        started = time.perf_counter()
        with target.open("w", encoding="utf-8") as handle:
            for chunk in exports.csv_chunks(poll=big, language="ar"):
                handle.write(chunk)
        csv_s = time.perf_counter() - started
        csv_mb = target.stat().st_size / 1e6
        print(f"CSV: {args.responses} rows in {csv_s:.1f} s ({csv_mb:.1f} MB)")
        started = time.perf_counter()
        rows = exports.xlsx_write(poll=big, language="ar", output=str(Path(workdir) / "r.xlsx"))
        xlsx_s = time.perf_counter() - started
        xlsx_mb = (Path(workdir) / "r.xlsx").stat().st_size / 1e6
        print(f"XLSX: {rows} rows in {xlsx_s:.1f} s ({xlsx_mb:.1f} MB)")
    started = time.perf_counter()
    pdf = exports.summary_pdf_bytes(poll=big, language="ar")
    pdf_s = time.perf_counter() - started
    print(f"PDF: {len(pdf) / 1e3:.0f} kB in {pdf_s:.1f} s")

    lines = [
        f"A 10-question survey (every question type) with {args.responses:,} submitted responses"
        f" and {answer_rows:,} answer rows (bulk-inserted in {build_s:.0f} s), SQLite,"
        f" Python {platform.python_version()}, {os.cpu_count()} cores.",
        "",
        "| what | time | target |",
        "|---|---|---|",
        f"| results computed, cold (grouped queries over the answers) | {cold_s * 1000:.0f} ms "
        f"| ≤ 1 s |",
        f"| results from the cache | {warm_ms:.1f} ms | — |",
        f"| responses, CSV, {args.responses:,} rows ({csv_mb:.1f} MB) | {csv_s:.1f} s | ≤ 30 s |",
        f"| responses, XLSX, {rows:,} rows ({xlsx_mb:.1f} MB; a background task above "
        f"{inline_limit():,} responses) | {xlsx_s:.1f} s | — |",
        f"| results summary, PDF, Arabic ({len(pdf) / 1e3:.0f} kB) | {pdf_s:.1f} s | — |",
        "",
        "Results pages in-process (Django test client), cold (the results not in the cache) and"
        " warm. The query count is the same for a survey with ten responses (checked):",
        "",
        "| page | state | ms | queries | SQL ms |",
        "|---|---|---|---|---|",
    ]
    for kind in ("public", "staff"):
        for state in ("cold", "warm"):
            f = pages[("big", kind)][state]
            lines.append(
                f"| {kind} results | {state} | {f['ms']:.0f} | {f['queries']} | {f['sql_ms']:.0f} |"
            )
    lines += [
        "",
        "The numbers are cached (Django's cache) while the poll's response count and last change"
        " stay the same; an open poll reuses them for up to 30 s while answers arrive. Published"
        " free-text answers are read a page at a time on every request, so moderation shows at"
        " once.",
    ]
    write_section("Polls", lines)


if __name__ == "__main__":
    main()
