"""Dates as the exports write them, read into UTC."""

from __future__ import annotations

import re
from datetime import datetime, timezone

from ..dates import in_range

# LinkedIn: Connections "01 Jan 2024"; messages "2025-01-01 10:00:00 UTC"; invitations "3/2/25, 4:45 PM";
# endorsements "2023/06/05 15:47:58 UTC"; recommendations "01/15/24, 10:00 AM" or "Jan 15, 2024".
# X: "2023-01-01T10:00:00.000Z". Generic CSVs: ISO dates.
_LAYOUTS = (
    "%d %b %Y", "%Y-%m-%d %H:%M:%S UTC", "%Y-%m-%d %H:%M:%S", "%m/%d/%y, %I:%M %p", "%m/%d/%Y, %I:%M %p",
    "%Y/%m/%d %H:%M:%S UTC", "%m/%d/%y", "%m/%d/%Y", "%b %d, %Y", "%Y-%m-%d", "%d.%m.%Y",
)


_ordered = list(_LAYOUTS)
# The exports' most common layouts, read without strptime (a fifth of an import's time went into it):
# "2025-01-01 10:00:00 UTC" (messages), "2023-01-01T10:00:00.000Z" (X), "2024-05-01" (CSVs).
_NUMERIC = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?: UTC|Z)?)?$")


def _numeric(value: str) -> datetime | None:
    match = _NUMERIC.match(value)
    if not match:
        return None
    try:
        return datetime(*(int(part) for part in match.groups(default="0")), tzinfo=timezone.utc)
    except ValueError:  # "2023-02-31": not a date
        return None


def parse_export_date(text: str) -> datetime | None:
    """The date, in UTC; None when it is none of the exports' layouts or not between 1900 and ten years ahead."""
    value = " ".join((text or "").split())
    if not value:
        return None
    moment = _numeric(value)
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
