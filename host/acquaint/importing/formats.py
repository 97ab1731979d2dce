"""Dates as the exports write them, read into UTC."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from functools import lru_cache

from ..dates import EARLIEST_YEAR, YEARS_AHEAD, in_range, now_utc, to_iso

# LinkedIn: Connections "01 Jan 2024"; messages "2025-01-01 10:00:00 UTC"; invitations "3/2/25, 4:45 PM";
# endorsements "2023/06/05 15:47:58 UTC"; recommendations "01/15/24, 10:00 AM" or "Jan 15, 2024".
# X: "2023-01-01T10:00:00.000Z". Generic CSVs: ISO dates.
_LAYOUTS = (
    "%d %b %Y", "%Y-%m-%d %H:%M:%S UTC", "%Y-%m-%d %H:%M:%S", "%m/%d/%y, %I:%M %p", "%m/%d/%Y, %I:%M %p",
    "%Y/%m/%d %H:%M:%S UTC", "%m/%d/%y", "%m/%d/%Y", "%b %d, %Y", "%Y-%m-%d", "%d.%m.%Y",
)


_ordered = list(_LAYOUTS)
_LATEST_YEAR = now_utc().year + YEARS_AHEAD
# The exports' most common layouts, read without strptime (a fifth of an import's time went into it):
# "2025-01-01 10:00:00 UTC" (messages), "2023-01-01T10:00:00.000Z" (X), "2024-05-01" (CSVs), "01 Jan 2024"
# (connections).
_NUMERIC = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?: UTC|Z)?)?$")


_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4})$")
_MONTHS = {name: number for number, name in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), 1)}


def _quick(value: str) -> datetime | None:
    match = _NUMERIC.match(value)
    if not match:
        return _day_month_year(value)
    year, month, day, hour, minute, second = match.groups(default="0")
    try:
        return datetime(int(year), int(month), int(day), int(hour), int(minute), int(second), tzinfo=timezone.utc)
    except ValueError:  # "2023-02-31": not a date
        return None


def _day_month_year(value: str) -> datetime | None:
    """LinkedIn's Connections "01 Jan 2024", as strptime reads "%d %b %Y" in English, without strptime."""
    match = _DAY_MONTH_YEAR.match(value)
    if not match:
        return None
    try:
        return datetime(int(match[3]), _MONTHS[match[2]], int(match[1]), tzinfo=timezone.utc)
    except ValueError:  # "31 Feb 2023"
        return None


def parse_export_date(text: str) -> datetime | None:
    """The date, in UTC; None when it is none of the exports' layouts or not between 1900 and ten years ahead."""
    value = " ".join((text or "").split())
    if not value:
        return None
    moment = _quick(value)
    if moment is not None:  # UTC already; the year is checked against when this process started (an import)
        return moment if EARLIEST_YEAR <= moment.year <= _LATEST_YEAR else None
    for layout in _ordered if moment is None else ():
        try:
            moment = datetime.strptime(value, layout).replace(tzinfo=timezone.utc)
        except ValueError:
            continue
        if layout != _ordered[0]:  # a file's dates share one layout: try it first next time
            _ordered.remove(layout)
            _ordered.insert(0, layout)
        break
    if moment is None:
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    if not in_range(moment):
        return None
    return moment.astimezone(timezone.utc) if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def export_time(text: str) -> str | None:
    """parse_export_date as Acquaint stores times ("2025-01-01T10:00:00Z"). The messages file's own layout,
    "2025-01-01 10:00:00 UTC", is read by one pattern, each day checked once: an export has a few thousand days
    and hundreds of thousands of messages."""
    match = _MESSAGE_TIME.fullmatch(text or "")
    if match is not None and _is_day(match[1]):
        return f"{match[1]}T{match[2]}Z"
    moment = parse_export_date(text)
    return None if moment is None else to_iso(moment)


_MESSAGE_TIME = re.compile(r"\s*(\d{4}-\d\d-\d\d) ((?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d)(?: UTC)?\s*", re.ASCII)


@lru_cache(maxsize=65536)
def _is_day(value: str) -> bool:
    moment = _quick(value)
    return moment is not None and EARLIEST_YEAR <= moment.year <= _LATEST_YEAR
