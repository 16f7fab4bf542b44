"""Throughput of the contribution pipeline: N submissions through the service layer.

Each submission runs as a request would: its own transaction, every check (validation, personal
data masking, the agency's word list, spam, duplicates, posting rate), the rate-limit counters and
the insert. Target (issue 3): at least 500 contributions/s on SQLite on a 2-core machine.

Usage: .venv/bin/python bench/moderation.py [--count 20000]
"""

import argparse
import platform
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ARABIC_WORDS, ENGLISH_WORDS, setup_django, write_section


def comment(rng: random.Random, i: int) -> str:
    words = ARABIC_WORDS if i % 3 else ENGLISH_WORDS
    text = " ".join(rng.choice(words) for _ in range(rng.randint(25, 60)))
    if i % 20 == 0:
        text += " جوالي 05" + "".join(rng.choice("0123456789") for _ in range(8))
    return f"{text} ({i})"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=20000)
    args = parser.parse_args()
    setup_django()
    from django.contrib.auth.hashers import make_password
    from django.test import override_settings

    from musharaka.core.models import Agency, User
    from musharaka.participation import checks
    from musharaka.participation.models import AbuseTerm, Contribution
    from musharaka.participation.services import contribution_submit, space_get_or_create

    rng = random.Random(7)
    agency = Agency.objects.create(slug="bench", name_ar="جهة القياس", kind="ministry")
    AbuseTerm.objects.bulk_create(
        [AbuseTerm(agency=agency, term=t) for t in ("غبي", "تافه", "idiot", "stupid", "حقير")]
    )
    spaces = [
        space_get_or_create(agency=agency, channel="bench", owner=u, title_ar=f"فضاء {u.pk}")
        for u in [
            Agency.objects.create(slug=f"owner{i}", name_ar="م", kind="other") for i in range(20)
        ]
    ]
    password = make_password("x")
    authors = User.objects.bulk_create(
        [User(email=f"a{i}@bench.sa", password=password) for i in range(args.count // 5)]
    )
    texts = [comment(rng, i) for i in range(args.count)]

    start = time.perf_counter()
    for text in texts[:2000]:
        body = checks.validate_body(text)
        masked, _findings = checks.mask_personal_data(body)
        checks.find_abuse(masked, ["غبي", "تافه", "idiot", "stupid", "حقير"])
        checks.spam_findings(masked)
        checks.similarity_key(body)
    checks_us = (time.perf_counter() - start) / 2000 * 1e6

    limits = {"user": {"limit": 10**6, "period": 600}, "ip": {"limit": 10**6, "period": 600}}
    with override_settings(MUSHARAKA_CONTRIBUTION_RATE_LIMITS=limits):
        start = time.perf_counter()
        for i, text in enumerate(texts):
            contribution_submit(
                actor=authors[i % len(authors)],
                space=spaces[i % len(spaces)],
                body=text,
                ip=f"10.0.{i % 250}.{i % 200}",
            )
        elapsed = time.perf_counter() - start
    assert Contribution.objects.count() == args.count
    queued = Contribution.objects.filter(needs_review=True).count()
    rate = args.count / elapsed
    lines = [
        f"{args.count:,} contributions through `contribution_submit` on SQLite (each in its own "
        f"transaction, all checks and rate-limit counters), Python {platform.python_version()}.",
        "",
        "| measure | value |",
        "|---|---|",
        f"| throughput | {rate:,.0f} contributions/s (target ≥ 500) |",
        f"| time per contribution | {elapsed / args.count * 1000:.2f} ms |",
        f"| text checks alone per contribution | {checks_us:,.0f} µs |",
        f"| sent to the queue by the checks | {queued:,} ({queued / args.count:.0%}) |",
    ]
    print("\n".join(lines))
    write_section("Moderation pipeline", lines)


if __name__ == "__main__":
    main()
