"""Fixed-window rate limits shared by every app server: Redis when configured, else a database
counter (so limits hold across gunicorn workers on the embedded SQLite set-up too)."""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F

from musharaka.participation.models import RateCounter


def hit(key: str, *, limit: int, period: int) -> bool:
    """Count one event for ``key``; True while at most ``limit`` happened in this window."""
    window = int(time.time() // period)
    if settings.REDIS_URL:
        return _hit_cache(f"rl:{key}:{window}", period) <= limit
    return _hit_database(key, window) <= limit


def _hit_cache(key: str, period: int) -> int:
    cache.add(key, 0, timeout=period)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=period)
        return 1


def _hit_database(key: str, window: int) -> int:
    with transaction.atomic():
        updated = RateCounter.objects.filter(key=key, window=window).update(count=F("count") + 1)
        if not updated:
            try:
                with transaction.atomic():
                    RateCounter.objects.create(key=key, window=window, count=1)
                RateCounter.objects.filter(key=key, window__lt=window).delete()
                return 1
            except IntegrityError:  # another request created it first
                RateCounter.objects.filter(key=key, window=window).update(count=F("count") + 1)
        return RateCounter.objects.filter(key=key, window=window).values_list("count", flat=True)[0]
