"""A consultation with 100,000 comments over 20 articles: export times and pages under load.

Builds the data with bulk inserts, times the comment-response matrix (XLSX) and the outcome
report (PDF), then serves the site with gunicorn (2 workers, 1 thread each) and sends 8
concurrent keep-alive clients at the article page, the staff review table and a no-op view
(``/healthz``, the ceiling). Targets (issue 4): article page >= 300 requests/s with p95 <= 50 ms;
XLSX of 100,000 rows <= 60 s.

Usage: .venv/bin/python bench/consultation.py [--comments 100000] [--requests 1500]
"""

import argparse
import http.client
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ARABIC_WORDS, ROOT, setup_django, write_section

ARTICLES = 20
CLIENTS = 8
BATCH = 5000


def build(comment_total: int):
    """Agency, staff, 300 authors, a consultation open with 20 articles, and the comments."""
    from allauth.mfa.totp.internal.auth import TOTP
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from musharaka.consultations.comments import review_position
    from musharaka.consultations.models import (
        Answer,
        Comment,
        Consultation,
        Kind,
        Node,
        NodeKind,
        Phase,
        Stance,
        Version,
    )
    from musharaka.consultations.services import CHANNEL, public_path
    from musharaka.core.models import Agency, Membership, ParticipantType, Role, User
    from musharaka.participation.models import Contribution, Status
    from musharaka.participation.services import space_get_or_create

    rng = random.Random(4)
    now = timezone.now()
    agency = Agency.objects.create(slug="yesser", name_ar="يسّر", name_en="Yesser", kind="programme")
    others = [
        Agency.objects.create(slug=f"agency-{i}", name_ar=f"الجهة {i}", name_en=f"Agency {i}")
        for i in range(30)
    ]
    password = make_password("bench-password-123")
    manager = User.objects.create(email="manager@bench.sa", full_name="مدير", password=password)
    Membership.objects.create(user=manager, agency=agency, role=Role.MANAGER)
    TOTP.activate(manager, "JBSWY3DPEHPK3PXPBENCHSECRETAAAAA")
    User.objects.bulk_create(
        [
            User(email=f"author{i}@bench.sa", full_name=f"مشارك {i}", password=password)
            for i in range(300)
        ]
    )
    authors = list(User.objects.filter(email__startswith="author").values_list("pk", flat=True))
    consultation = Consultation.objects.create(
        agency=agency,
        slug="e-participation-guideline",
        title_ar="مسودة الدليل الإرشادي للمشاركة الإلكترونية الحكومية",
        title_en="Draft Guideline for Government E-Participation",
        kind=Kind.GUIDELINE,
        owner=manager,
        phase=Phase.OPEN,
        opens_at=now - timezone.timedelta(days=10),
        closes_at=now + timezone.timedelta(days=20),
    )
    version = Version.objects.create(consultation=consultation, number=1, published_at=now)
    nodes = [
        Node.objects.create(
            version=version,
            kind=NodeKind.ARTICLE,
            position=i,
            number=i,
            heading_ar=f"عنوان المادة {i}",
            heading_en=f"Article heading {i}",
            body_ar=" ".join(rng.choices(ARABIC_WORDS, k=80)),
            body_en="Text of the article " * 20,
        )
        for i in range(1, ARTICLES + 1)
    ]
    Consultation.objects.filter(pk=consultation.pk).update(
        consulted_version=version, current_version=version
    )
    consultation.refresh_from_db()
    space = space_get_or_create(
        agency=agency,
        channel=CHANNEL,
        owner=consultation,
        title_ar=consultation.title_ar,
        url=public_path(consultation),
    )
    stances = Stance.values
    answers = [a for a in Answer.values] + [""] * 5
    made = 0
    while made < comment_total:
        size = min(BATCH, comment_total - made)
        picks = [rng.randrange(ARTICLES) for _ in range(size)]
        contributions = Contribution.objects.bulk_create(
            [
                Contribution(
                    space=space,
                    agency=agency,
                    target_type="consultations.node",
                    target_id=str(nodes[p].pk),
                    author_id=rng.choice(authors),
                    body=" ".join(rng.choices(ARABIC_WORDS, k=25)) + f" {made + i}",
                    language="ar",
                    status=Status.PUBLISHED,
                    extra={"stance": stances[i % len(stances)]},
                    published_at=now,
                )
                for i, p in enumerate(picks)
            ]
        )
        comments = []
        for i, (contribution, p) in enumerate(zip(contributions, picks, strict=True)):
            answer = answers[(made + i) % len(answers)]
            representative = (made + i) % 3 == 0
            comments.append(
                Comment(
                    contribution=contribution,
                    consultation=consultation,
                    version=version,
                    node=nodes[p],
                    article_key=nodes[p].key,
                    position=review_position(nodes[p]),
                    stance=contribution.extra["stance"],
                    participant_type=ParticipantType.AGENCY
                    if representative
                    else ParticipantType.CITIZEN,
                    on_behalf_of=others[(made + i) % len(others)] if representative else None,
                    answer=answer,
                    response_ar="شكرًا لملاحظتكم، وستُراعى في النسخة القادمة." if answer else "",
                    response_en="Thank you; this will be reflected in the next version."
                    if answer
                    else "",
                    answered_at=now if answer else None,
                )
            )
        Comment.objects.bulk_create(comments)
        made += size
    return consultation, nodes, manager


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(port: int) -> subprocess.Popen:
    env = dict(os.environ)
    env.update({"MUSHARAKA_TESTING": "1", "DJANGO_SETTINGS_MODULE": "config.settings"})
    process = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi",
            "--workers",
            "2",
            "--threads",
            "1",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("gunicorn did not start")


def load(port: int, path: str, cookie: str, total: int, seconds: float) -> dict:
    """``total`` GETs of ``path`` from 8 keep-alive clients (bounded by ``seconds`` too)."""
    headers = {"Host": "127.0.0.1", "Connection": "keep-alive"}
    if cookie:
        headers["Cookie"] = cookie
    lock = threading.Lock()
    remaining = [total]
    samples: list[float] = []
    errors = [0]
    stop_at = time.monotonic() + seconds

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < stop_at:
            with lock:
                if remaining[0] <= 0:
                    break
                remaining[0] -= 1
            start = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
                if response.will_close:
                    conn.close()
            except (OSError, http.client.HTTPException):
                conn.close()
                ok = False
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                samples.append(elapsed)
                if not ok:
                    errors[0] += 1
        conn.close()

    started = time.perf_counter()
    with ThreadPoolExecutor(CLIENTS) as pool:
        for _ in range(CLIENTS):
            pool.submit(client)
    wall = time.perf_counter() - started
    samples.sort()
    return {
        "n": len(samples),
        "rps": len(samples) / wall,
        "p50": statistics.median(samples),
        "p95": samples[int(0.95 * (len(samples) - 1))],
        "errors": errors[0],
    }


def server_side(client, path: str) -> dict:
    """One request in-process: its time, its queries and the slowest query (what dominates)."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    client.get(path)
    reset_queries()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    total = (time.perf_counter() - started) * 1000
    timings = sorted(((float(q["time"]) * 1000, q["sql"]) for q in queries), reverse=True)
    sql_ms = sum(t for t, _sql in timings)
    slowest = timings[0] if timings else (0.0, "")
    return {
        "status": response.status_code,
        "ms": total,
        "queries": len(timings),
        "sql_ms": sql_ms,
        "slowest_ms": slowest[0],
        "slowest_sql": slowest[1][:160],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=1500)
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()
    setup_django()
    import logging

    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    from django.test import Client
    from django.urls import reverse

    from musharaka.consultations import exports

    started = time.perf_counter()
    consultation, nodes, manager = build(args.comments)
    build_s = time.perf_counter() - started
    print(f"built {args.comments} comments in {build_s:.1f} s")

    with tempfile.TemporaryDirectory() as workdir:
        started = time.perf_counter()
        rows = exports.matrix_write(
            consultation=consultation, language="ar", output=f"{workdir}/matrix.xlsx"
        )
        xlsx_s = time.perf_counter() - started
        xlsx_mb = Path(f"{workdir}/matrix.xlsx").stat().st_size / 1e6
    print(f"XLSX: {rows} rows in {xlsx_s:.1f} s ({xlsx_mb:.1f} MB)")
    started = time.perf_counter()
    pdf = exports.outcome_pdf_bytes(consultation=consultation, language="ar")
    pdf_s = time.perf_counter() - started
    print(f"PDF: {len(pdf) / 1e3:.0f} kB in {pdf_s:.1f} s")

    staff = Client(HTTP_HOST="localhost")
    staff.force_login(manager)
    cookie = f"sessionid={staff.cookies['sessionid'].value}"
    article = reverse(
        "consultations:article", args=[consultation.agency.slug, consultation.slug, nodes[0].key]
    )
    review = reverse(
        "workspace:consultation_review", args=[consultation.agency.slug, consultation.pk]
    )
    consultation_page = reverse(
        "consultations:detail", args=[consultation.agency.slug, consultation.slug]
    )
    anonymous = Client(HTTP_HOST="localhost")
    inside = []
    for label, path, client in [
        ("article page", article, anonymous),
        ("consultation page", consultation_page, anonymous),
        ("review table", review, staff),
    ]:
        figures = server_side(client, path)
        inside.append((label, figures))
        print(f"{label} in-process: {figures}")
    port = free_port()
    server = start_gunicorn(port)
    results = []
    try:
        for label, path, session in [
            ("no-op view (/healthz), the ceiling", "/healthz", ""),
            ("article page (first 20 threads)", article, ""),
            ("consultation page", consultation_page, ""),
            ("review table (staff)", review, cookie),
        ]:
            load(port, path, session, 40, 10)  # warm-up: imports, caches
            figures = load(port, path, session, args.requests, args.seconds)
            results.append((label, path, figures))
            print(
                f"{label}: {figures['rps']:.0f} req/s, p50 {figures['p50']:.1f} ms, "
                f"p95 {figures['p95']:.1f} ms, {figures['n']} requests, "
                f"{figures['errors']} errors"
            )
    finally:
        server.terminate()
        server.wait(10)

    lines = [
        f"{args.comments:,} comments over {ARTICLES} articles (bulk-inserted in "
        f"{build_s:.0f} s), SQLite, Python {platform.python_version()}, "
        f"{os.cpu_count()} cores.",
        "",
        "| export | time | target |",
        "|---|---|---|",
        f"| comment-response matrix, XLSX, {rows:,} rows ({xlsx_mb:.1f} MB) | {xlsx_s:.1f} s "
        f"| ≤ 60 s |",
        f"| outcome report, PDF, Arabic ({len(pdf) / 1e3:.0f} kB) | {pdf_s:.1f} s | — |",
        "",
        f"gunicorn, 2 workers × 1 thread, {CLIENTS} concurrent keep-alive clients on the same "
        f"machine, up to {args.requests} requests per page (after 40 warm-up).",
        "",
        "| page | requests/s | p50 ms | p95 ms | requests | errors |",
        "|---|---|---|---|---|---|",
    ]
    for label, _path, f in results:
        lines.append(
            f"| {label} | {f['rps']:.0f} | {f['p50']:.1f} | {f['p95']:.1f} | {f['n']} "
            f"| {f['errors']} |"
        )
    lines += [
        "",
        "One request of each page in-process (Django test client), to see what dominates:",
        "",
        "| page | ms | queries | SQL ms | slowest query ms |",
        "|---|---|---|---|---|",
    ]
    for label, f in inside:
        lines.append(
            f"| {label} | {f['ms']:.0f} | {f['queries']} | {f['sql_ms']:.0f} "
            f"| {f['slowest_ms']:.0f} |"
        )
    lines += [
        "",
        "Target for the article page: ≥ 300 requests/s with p95 ≤ 50 ms. Anonymous readers get"
        " the whole page from the cache (`core/pagecache.py`, keyed by the space's generation),"
        " so a hit costs two queries and no rendering; the first reader after each write renders"
        " it. The review table is for signed-in staff and is never cached; it reads its page"
        " in document order from an index (`comment_review_order`), its slowest query is the"
        " progress line's counts over every comment, and most of a request is rendering its 50"
        " rows.",
    ]
    write_section("Consultations", lines)


if __name__ == "__main__":
    main()
