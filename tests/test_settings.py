"""Configuration comes only from the environment: each case imports the settings afresh."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROBE = """
import json
from config import settings as s
print(json.dumps({
    "db": s.DATABASES["default"]["ENGINE"], "cache": s.CACHES["default"]["BACKEND"],
    "tasks": s.TASKS["default"]["BACKEND"], "email": s.EMAIL_BACKEND,
    "email_host": getattr(s, "EMAIL_HOST", ""), "secret": s.SECRET_KEY,
    "hosts": s.ALLOWED_HOSTS, "sessions": getattr(s, "SESSION_ENGINE", "db"),
}))
"""
CONFIG_VARS = (
    "DATABASE_URL",
    "REDIS_URL",
    "EMAIL_URL",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by the browser tests in the same worker
)


def _run(args: list[str], env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in CONFIG_VARS}
    base.pop("MUSHARAKA_TESTING", None)
    base.update(MUSHARAKA_VAR_DIR=str(tmp_path / "var"), **env)
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=base, capture_output=True, text=True, timeout=60
    )


def _settings(env: dict[str, str], tmp_path: Path) -> dict:
    result = _run(["-c", PROBE], env, tmp_path)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_embedded_defaults(tmp_path):
    s = _settings({}, tmp_path)
    assert s["db"] == "django.db.backends.sqlite3"
    assert s["tasks"] == "django_tasks_db.DatabaseBackend"
    assert s["email"] == "django.core.mail.backends.console.EmailBackend"
    assert "filebased" in s["cache"]


def test_missing_secret_key_is_generated_once_and_kept(tmp_path):
    first = _settings({}, tmp_path)["secret"]
    assert len(first) >= 50
    assert _settings({}, tmp_path)["secret"] == first
    assert (tmp_path / "var" / "secret_key").read_text().strip() == first


def test_scaled_out_configuration(tmp_path):
    s = _settings(
        {
            "DATABASE_URL": "postgres://u@db.internal:5432/musharaka",
            "REDIS_URL": "redis://cache.internal:6379/0",
            "EMAIL_URL": "smtp+tls://mailer:pw@smtp.internal:587",
            "SECRET_KEY": "x" * 60,
            "ALLOWED_HOSTS": "musharaka.gov.sa,www.musharaka.gov.sa",
        },
        tmp_path,
    )
    assert s["db"] == "django.db.backends.postgresql"
    assert s["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert s["tasks"] == "django_tasks_rq.RQBackend"
    assert s["email"] == "django.core.mail.backends.smtp.EmailBackend"
    assert s["email_host"] == "smtp.internal"
    assert s["hosts"] == ["musharaka.gov.sa", "www.musharaka.gov.sa"]
    assert s["sessions"] == "django.contrib.sessions.backends.cached_db"


def test_production_refuses_to_start_without_secret_key(tmp_path):
    result = _run(["-c", PROBE], {"MUSHARAKA_PRODUCTION": "1"}, tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize("redis", [False, True])
def test_deploy_check_is_clean_in_production(tmp_path, redis):
    env = {
        "MUSHARAKA_PRODUCTION": "1",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "musharaka.gov.sa",
    }
    if redis:
        env["REDIS_URL"] = "redis://127.0.0.1:6379/0"
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
