"""Reading the dates people type, and writing times as UTC ISO strings."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from .errors import InvalidDate

_AGO = re.compile(r"^(\d{1,7})\s*(day|week|month|year)s?\s+ago$")
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
_FORMATS = ("%Y-%m-%d", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S")


# Interactions happen between these: earlier dates are typos (or 0001-01-01 placeholders), and a date more than
# ten years ahead is no plan anyone logs. Every way a date comes in is checked against them.
EARLIEST_YEAR = 1900
YEARS_AHEAD = 10


def now_utc() -> datetime:
    return datetime.now(timezone.utc)


def in_range(moment: datetime, now: datetime | None = None) -> bool:
    """Whether `moment` lies between 1900 and ten years from now."""
    latest = (now or now_utc()).year + YEARS_AHEAD
    # The calendar year first: converting a year-1 time at +14:00 to UTC would overflow.
    if not EARLIEST_YEAR <= moment.year <= latest:
        return False
    utc = moment.astimezone(timezone.utc) if moment.tzinfo else moment
    return EARLIEST_YEAR <= utc.year <= latest


def check_range(moment: datetime, text: str, now: datetime | None = None) -> datetime:
    if not in_range(moment, now):
        raise InvalidDate(f"{text!r} is not a date between {EARLIEST_YEAR} and {YEARS_AHEAD} years from now")
    return moment


def to_iso(moment: datetime) -> str:
    """2026-11-26T10:00:00Z (isoformat, not strftime: an import converts a quarter of a million of them)."""
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")[:19] + "Z"


def from_iso(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def parse_iso(text: str, now: datetime | None = None) -> datetime:
    """An ISO 8601 time from outside (the protocol), in range; InvalidDate otherwise."""
    try:
        moment = from_iso(text)
    except ValueError:
        raise InvalidDate(f"{text!r} is not an ISO 8601 time like 2026-11-26T10:00:00Z") from None
    return check_range(moment, text, now)


def parse_when(text: str, now: datetime) -> datetime:
    """`2024-05-01`, `2024-05-01 14:30`, an ISO time with offset, `today`, `yesterday`, `3 weeks ago`.

    Times without an offset are taken as UTC. A date in the future is refused: history is the past."""
    value = str(text).strip().lower()
    try:
        moment = _parse(value, now)
    except OverflowError:  # "999999 days ago" is before year 1
        raise InvalidDate(f"{text!r} is not a date between {EARLIEST_YEAR} and {YEARS_AHEAD} years from now") from None
    if moment is not None:
        check_range(moment, text, now)
    if moment is None:
        raise InvalidDate(
            f"{text!r} is not a date; use YYYY-MM-DD (optionally with HH:MM), 'today', "
            "'yesterday' or 'N days/weeks/months/years ago'"
        )
    if moment > now + timedelta(minutes=5):
        raise InvalidDate(f"{text!r} is in the future; interactions are things that happened")
    return moment


def _parse(value: str, now: datetime) -> datetime | None:
    if value in ("now", ""):
        return now
    if value == "today":
        return now.replace(hour=0, minute=0, second=0, microsecond=0)
    if value == "yesterday":
        return (now - timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    ago = _AGO.match(value)
    if ago:
        return now - timedelta(days=int(ago.group(1)) * _UNIT_DAYS[ago.group(2)])
    for layout in _FORMATS:
        try:
            return datetime.strptime(value.upper(), layout).replace(tzinfo=timezone.utc)
        except ValueError:
            continue
    try:
        return from_iso(value.upper())
    except ValueError:
        return None


def days_between(earlier: datetime, later: datetime) -> int:
    return max(0, (later - earlier).days)


def describe_age(days: int) -> str:
    """`today`, `3 days`, `5 weeks`, `8 months`, `10 years` — rounded down, as people say it."""
    if days <= 0:
        return "today"
    if days < 14:
        return f"{days} day{'s' if days != 1 else ''}"
    if days < 60:
        return f"{days // 7} weeks"
    if days < 730:
        return f"{days // 30} months"
    return f"{days // 365} years"


def ago(days: int) -> str:
    return "today" if days <= 0 else f"{describe_age(days)} ago"
