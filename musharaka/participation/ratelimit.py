"""Fixed-window rate limits shared by every app server: Redis when configured, else a database
counter (so limits hold across gunicorn workers on the embedded SQLite set-up too)."""

import random
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from musharaka.participation.models import RateCounter

# One statement per hit: both SQLite (3.35+) and PostgreSQL upsert and return the new count.
_UPSERT = (
    "INSERT INTO {table} ({key}, {window}, {count}) VALUES (%s, %s, 1) "
    "ON CONFLICT ({key}, {window}) DO UPDATE SET {count} = {table}.{count} + 1 "
    "RETURNING {count}"
)


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
    quote = connection.ops.quote_name
    sql = _UPSERT.format(
        table=quote(RateCounter._meta.db_table),
        key=quote("key"),
        window=quote("window"),
        count=quote("count"),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [key, window])
        count = cursor.fetchone()[0]
    if random.random() < 0.01:  # keep the table small: old windows are never read again
        RateCounter.objects.filter(window__lt=window - 1).delete()
    return count
