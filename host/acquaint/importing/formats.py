"""Dates as the exports write them, read into UTC."""

from __future__ import annotations

from datetime import datetime, timezone

from ..dates import in_range

# LinkedIn: Connections "01 Jan 2024"; messages "2025-01-01 10:00:00 UTC"; invitations "3/2/25, 4:45 PM";
# endorsements "2023/06/05 15:47:58 UTC"; recommendations "01/15/24, 10:00 AM" or "Jan 15, 2024".
# X: "2023-01-01T10:00:00.000Z". Generic CSVs: ISO dates.
_LAYOUTS = (
    "%d %b %Y", "%Y-%m-%d %H:%M:%S UTC", "%Y-%m-%d %H:%M:%S", "%m/%d/%y, %I:%M %p", "%m/%d/%Y, %I:%M %p",
    "%Y/%m/%d %H:%M:%S UTC", "%m/%d/%y", "%m/%d/%Y", "%b %d, %Y", "%Y-%m-%d", "%d.%m.%Y",
)


def parse_export_date(text: str) -> datetime | None:
    """The date, in UTC; None when it is none of the exports' layouts or not between 1900 and ten years ahead."""
    value = " ".join((text or "").split())
    if not value:
        return None
    moment = None
    for layout in _LAYOUTS:
        try:
            moment = datetime.strptime(value, layout).replace(tzinfo=timezone.utc)
            break
        except ValueError:
            continue
    if moment is None:
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    if not in_range(moment):
        return None
    return moment.astimezone(timezone.utc) if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
