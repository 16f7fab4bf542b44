"""The automatic text checks on generated comments: microseconds per comment.

Times exactly what the moderation pipeline runs on each text (validate, mask personal data,
abuse list, spam, similarity key, near-duplicate against 50 earlier keys), on generated
Arabic/English comments of about 300 characters, some with phone numbers, IDs, links or listed
words, and on a few 5,000-character texts to show the cost stays linear.

Usage: .venv/bin/python bench/checks.py [--comments 10000] [--seed 1]
"""

import argparse
import contextlib
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("MUSHARAKA_TESTING", "1")

import django
from django.core.exceptions import ValidationError

django.setup()

from musharaka.participation import checks  # noqa: E402

ARABIC_SENTENCE = (
    "نقترح تعديل المادة الخاصة بالرسوم لأن المواطنين يواجهون صعوبة في السداد ونأمل أن "
    "تراعي الجهة ظروف الأسر ذات الدخل المحدود وأن يكون التطبيق تدريجيا خلال عام ١٤٤٧ "
    "مع توضيح الإجراءات في المنصة الوطنية شكرا لكم على إتاحة الفرصة للمشاركة"
)
ENGLISH_SENTENCE = (
    "we suggest amending the article on fees because families on low incomes struggle to "
    "pay and the rollout should be gradual during 2026 with clear guidance on the portal"
)
ARABIC_WORDS = ARABIC_SENTENCE.split()
ENGLISH_WORDS = ENGLISH_SENTENCE.split()
EXTRAS = [
    "جوالي 0551234567",
    "call me on +966 55 123 4567",
    "هويتي ١٠٠٠٠٠٠٠٠٨",
    "ali.salem@example.com",
    "https://example.com/a https://example.org/b www.spam.net/c",
    "ياغبي",
    "ههههههههههههه",
    "SA03 8000 0000 6080 1016 7519",
]
TERMS = ["كلب", "حمار", "غبي", "حيوان", "idiot", "stupid", "ass", "يا حقير"] + [
    f"كلمة{i}" for i in range(300)
]


def comment(rng: random.Random, length: int = 300) -> str:
    words = ARABIC_WORDS if rng.random() < 0.75 else ENGLISH_WORDS
    parts: list[str] = []
    size = 0
    while size < length:
        part = rng.choice(EXTRAS) if rng.random() < 0.01 else rng.choice(words)
        parts.append(part)
        size += len(part) + 1
    return " ".join(parts)


def run_all(text: str, matcher: checks.TermMatcher, previous: list[str]) -> None:
    cleaned = checks.validate_body(text)
    body, findings = checks.mask_personal_data(cleaned)
    findings += checks.find_abuse(body, matcher)
    findings += checks.spam_findings(body)
    key = checks.similarity_key(cleaned)
    checks.is_near_duplicate(key, previous)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--comments", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    matcher = checks.compile_terms(TERMS)
    texts = [comment(rng) for _ in range(args.comments)]
    previous = [checks.similarity_key(comment(rng)) for _ in range(50)]
    run_all(texts[0], matcher, previous)  # warm-up

    start = time.perf_counter()
    for text in texts:
        run_all(text, matcher, previous)
    elapsed = time.perf_counter() - start
    mean_chars = statistics.mean(len(t) for t in texts)
    print(
        f"{args.comments} comments of ~{mean_chars:.0f} characters: "
        f"{elapsed / args.comments * 1e6:.1f} µs per comment (all checks, 50 earlier keys)"
    )

    for name, fn in [
        ("validate_body", checks.validate_body),
        ("mask_personal_data", checks.mask_personal_data),
        ("find_abuse", lambda t: checks.find_abuse(t, matcher)),
        ("spam_findings", checks.spam_findings),
        ("similarity_key", checks.similarity_key),
    ]:
        start = time.perf_counter()
        for text in texts:
            fn(text)
        print(f"  {name:<20} {(time.perf_counter() - start) / len(texts) * 1e6:7.1f} µs alone")

    # Inputs built to trip backtracking regexes: each must cost about as much as ordinary text.
    adversarial = {
        "letters": "a" * 5000,
        "dotted labels": "ab." * 1666,
        "digits and spaces": "1 " * 2500,
        "digits and dashes": "1-" * 2500,
        "at signs": "a@" * 2500,
        "spelled-out 'at'": "x at " * 1000,
        "single letters": "ك " * 2500,
        "one word repeated": "كلمة " * 1000,
        "spaces inside": "a" + " " * 4998 + "b",
    }
    for name, text in adversarial.items():
        start = time.perf_counter()
        with contextlib.suppress(ValidationError):  # a refused text is a fine outcome here
            run_all(text, matcher, previous)
        print(f"  adversarial {name:<20} {(time.perf_counter() - start) * 1e6:9.1f} µs")

    long_texts = [comment(rng, length=4900) for _ in range(50)]
    start = time.perf_counter()
    for text in long_texts:
        run_all(text, matcher, previous)
    per_long = (time.perf_counter() - start) / len(long_texts) * 1e6
    print(f"5,000-character texts: {per_long:.1f} µs per text")


if __name__ == "__main__":
    main()
