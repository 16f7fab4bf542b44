"""Shared helpers for bench scripts: a throwaway database, timing, and docs/performance.md."""

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Vocabulary for generated comments (Arabic and English), shared by the bench scripts.
ARABIC_WORDS = [
    "المادة",
    "المسودة",
    "الجهة",
    "المشاركة",
    "الإلكترونية",
    "المواطنين",
    "الخدمات",
    "اقتراح",
    "تعديل",
    "النص",
    "الفقرة",
    "الحكومية",
    "المنصة",
    "الاستطلاع",
    "التواصل",
    "المسؤولين",
    "الشفافية",
    "البيانات",
    "الخصوصية",
    "الموعد",
    "التطبيق",
]
ENGLISH_WORDS = [
    "article",
    "draft",
    "agency",
    "participation",
    "citizens",
    "services",
    "proposal",
    "amend",
    "text",
    "paragraph",
    "government",
    "platform",
    "survey",
    "officials",
    "transparency",
    "data",
    "privacy",
    "deadline",
    "implementation",
]
sys.path.insert(0, str(ROOT))


def setup_django(database_url: str | None = None) -> None:
    """Point Django at a fresh database (a temporary SQLite file unless BENCH_DATABASE_URL)."""
    if database_url is None:
        database_url = os.environ.get("BENCH_DATABASE_URL")
    workdir = tempfile.mkdtemp(prefix="musharaka-bench-")
    if database_url is None:
        database_url = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ["DATABASE_URL"] = database_url
    os.environ["MUSHARAKA_VAR_DIR"] = workdir  # its own cache and secret, never the live ones
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("MUSHARAKA_TESTING", "1")
    os.environ.setdefault("MUSHARAKA_DEMO", "1")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def timed(fn: Callable[[], object], runs: int) -> dict[str, float]:
    """p50/p95/max in milliseconds over ``runs`` calls (after one warm-up)."""
    fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return {
        "p50": statistics.median(samples),
        "p95": samples[int(0.95 * (len(samples) - 1))],
        "max": samples[-1],
    }


def write_section(title: str, lines: list[str]) -> None:
    """Replace this script's section of docs/performance.md with fresh figures."""
    doc = ROOT / "docs" / "performance.md"
    header = "# Performance\n\nFigures written by the scripts in `bench/`.\n"
    text = doc.read_text() if doc.exists() else header
    start = f"<!-- {title} -->"
    end = f"<!-- /{title} -->"
    section = "\n".join([start, f"## {title}", "", *lines, end])
    if start in text:
        before, rest = text.split(start, 1)
        after = rest.split(end, 1)[1] if end in rest else ""
        text = before + section + after
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    doc.write_text(text)
