"""No physical left/right CSS in our templates and stylesheets: Arabic and English must mirror.

The shared `check-rtl-css` tool sees only files git tracks; the scan here uses the same pattern on
the files themselves, so a rule in a file not yet committed is caught too.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
# The tool's grep -Ei pattern, with [[:space:]] written as \s.
PHYSICAL = re.compile(
    r"(margin|padding|border)-(left|right)\b|(^|[^-a-z])(left|right)\s*:"
    r"|text-align:\s*(left|right)|float:\s*(left|right)|clear:\s*(left|right)",
    re.IGNORECASE,
)
SKIP_DIRS = {"vendor", "node_modules", "staticfiles", ".venv"}


def our_styles_and_templates() -> list[Path]:
    roots = [BASE_DIR / "templates", BASE_DIR / "static", *BASE_DIR.glob("musharaka/*/templates")]
    files = []
    for root in roots:
        for path in root.rglob("*"):
            if (
                path.suffix in {".css", ".scss", ".html"}
                and not path.name.endswith(".min.css")
                and not SKIP_DIRS & set(path.relative_to(BASE_DIR).parts)
            ):
                files.append(path)
    return sorted(files)


def physical_rules(paths: list[Path]) -> list[str]:
    hits = []
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if PHYSICAL.search(line):
                hits.append(f"{path.relative_to(BASE_DIR)}:{number}: {line.strip()}")
    return hits


@pytest.mark.parametrize(
    ("line", "physical"),
    [
        ("  margin-left: 1rem;", True),
        ("padding-right:0", True),
        ("border-left: 1px solid", True),
        ('<div style="left: 0">', True),
        ("text-align: right;", True),
        ("float:left", True),
        ("margin-inline-start: 1rem;", False),
        ("inset-inline-end: 0;", False),
        ("text-align: start;", False),
        ('<a class="btn ms-auto">', False),
    ],
)
def test_the_pattern_tells_physical_from_logical(line, physical):
    assert bool(PHYSICAL.search(line)) is physical


def test_the_scan_covers_the_base_templates_and_stylesheet():
    names = {path.relative_to(BASE_DIR).as_posix() for path in our_styles_and_templates()}
    assert {"templates/base.html", "static/css/musharaka.css"} <= names
    assert any(name.startswith("musharaka/core/templates/") for name in names)


def test_no_physical_left_right_css_in_our_files():
    hits = physical_rules(our_styles_and_templates())
    assert not hits, "use logical properties (margin-inline-start, …):\n" + "\n".join(hits)
