"""Every interface string is translated: the catalogues are complete and up to date."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = "locale/{lang}/LC_MESSAGES/django.po"


def _msgids(po: Path) -> set[str]:
    ids, current, in_id = set(), [], False
    for line in po.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgid "):
            current, in_id = [line[7:-1]], True
        elif line.startswith('"') and in_id:
            current.append(line[1:-1])
        elif line.startswith(("msgstr", "msgid_plural")):
            if in_id and "".join(current):
                ids.add("".join(current))
            in_id = False
    return ids


def test_arabic_catalogue_has_no_untranslated_or_fuzzy_message():
    result = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", CATALOGUE.format(lang="ar")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "fuzzy" not in result.stderr and "untranslated" not in result.stderr, result.stderr


def test_catalogue_contains_every_marked_string(tmp_path):
    """Re-extract strings from a copy of the sources and compare with the committed catalogue."""
    for part in ("config", "musharaka", "templates", "locale"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("*.mo"))
    shutil.copy(ROOT / "manage.py", tmp_path)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "ar", "--no-obsolete", "-v0"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    fresh = _msgids(tmp_path / CATALOGUE.format(lang="ar"))
    committed = _msgids(ROOT / CATALOGUE.format(lang="ar"))
    missing = sorted(fresh - committed)
    assert not missing, f"run `make messages` and translate: {missing[:10]}"
