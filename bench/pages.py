"""Public pages and the workspace home on the demo data: server time per request.

Usage: .venv/bin/python bench/pages.py [--runs 200]
"""

import argparse
import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import setup_django, timed, write_section


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    setup_django()
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from musharaka.core.models import User

    call_command("demo_load", verbosity=0)
    anonymous = Client(HTTP_HOST="localhost")
    staff = Client(HTTP_HOST="localhost")
    staff.force_login(User.objects.get(email="manager.yesser@demo.musharaka.sa"))
    pages = [
        ("home (ar)", anonymous, "/"),
        ("home (en)", anonymous, "/en/"),
        ("agency directory", anonymous, "/agencies/"),
        ("agency page", anonymous, "/agencies/yesser/"),
        ("workspace home", staff, "/workspace/yesser/"),
    ]
    lines = [
        f"Demo data, SQLite, Django test client (no network), {args.runs} requests each, "
        f"Python {platform.python_version()}.",
        "",
        "| page | p50 ms | p95 ms | max ms | queries |",
        "|---|---|---|---|---|",
    ]
    for label, client, path in pages:
        assert client.get(path).status_code == 200, path
        reset_queries()  # the query log is a bounded deque: start empty so counts are true
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        query_count = len(queries)  # read now: the capture is a view on a bounded log
        figures = timed(lambda c=client, p=path: c.get(p), args.runs)
        row = (
            f"| {label} | {figures['p50']:.1f} | {figures['p95']:.1f} | {figures['max']:.1f} "
            f"| {query_count} |"
        )
        lines.append(row)
        print(row)
    write_section("Pages", lines)


if __name__ == "__main__":
    main()
