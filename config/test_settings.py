"""Settings for pytest: the real settings with MUSHARAKA_TESTING on (plain static storage, so
the live server serves unhashed files straight from the finders)."""

import os

os.environ.setdefault("MUSHARAKA_TESTING", "1")

from config.settings import *  # noqa: F403

# whitenoise warns on every request when STATIC_ROOT is missing (a fresh checkout before
# collectstatic); the live server serves from the finders, so an empty directory is enough.
STATIC_ROOT.mkdir(exist_ok=True)  # noqa: F405
