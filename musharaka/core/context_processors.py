import subprocess
from datetime import date, datetime
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import get_language, get_language_bidi


@cache
def site_updated() -> date:
    """The date of the deployed release: the last commit's date, else the code's file date."""
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%cs"],
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout.strip()
        return date.fromisoformat(out)
    except (OSError, subprocess.SubprocessError, ValueError):
        return datetime.fromtimestamp(Path(__file__).stat().st_mtime).date()


def platform(request) -> dict:
    """Values every page needs: direction, display preferences, the unread count."""
    language = get_language() or settings.LANGUAGE_CODE
    unread, is_staff = 0, False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from musharaka.core.selectors import user_is_staff_anywhere
        from musharaka.notifications.selectors import unread_count

        unread = unread_count(user=user)
        is_staff = user_is_staff_anywhere(user=user)
    return {
        "LANGUAGE_DIR": "rtl" if get_language_bidi() else "ltr",
        "OTHER_LANGUAGE": "en" if language.startswith("ar") else "ar",
        "TEXT_SIZE": request.COOKIES.get("text_size", "normal"),
        "HIGH_CONTRAST": request.COOKIES.get("contrast") == "high",
        "UNREAD_NOTIFICATIONS": unread,
        "IS_STAFF": is_staff,
        "PLATFORM_NAME": settings.MUSHARAKA_PLATFORM_NAME,
        "SITE_UPDATED": site_updated(),
    }
