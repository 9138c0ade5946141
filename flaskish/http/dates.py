"""HTTP dates: parsing and formatting, on Django's implementation."""

from __future__ import annotations

from datetime import date, datetime, time, timezone

from django.utils.http import http_date as _django_http_date
from django.utils.http import parse_http_date_safe


def parse_date(value: str | None) -> datetime | None:
    """Parse an HTTP date (any of the three RFC 9110 formats) into an aware UTC
    datetime; ``None`` if it is missing or invalid."""
    if not value:
        return None
    seconds = parse_http_date_safe(value.strip())
    if seconds is None:
        return None
    return datetime.fromtimestamp(seconds, tz=timezone.utc)


def http_date(timestamp: datetime | date | float | None = None) -> str:
    """Format as an HTTP date. Naive datetimes are taken as UTC, dates as midnight UTC,
    numbers as Unix timestamps, ``None`` as now."""
    if isinstance(timestamp, datetime):
        if timestamp.tzinfo is None:
            timestamp = timestamp.replace(tzinfo=timezone.utc)
        timestamp = timestamp.timestamp()
    elif isinstance(timestamp, date):
        timestamp = datetime.combine(timestamp, time(), tzinfo=timezone.utc).timestamp()
    return _django_http_date(timestamp)
