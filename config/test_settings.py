"""Settings for pytest: the real settings with MUSHARAKA_TESTING on (plain static storage, so
the live server serves unhashed files straight from the finders)."""

import os

os.environ.setdefault("MUSHARAKA_TESTING", "1")

from config.settings import *  # noqa: F403
