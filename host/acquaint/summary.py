"""What one person's interactions add up to: dates, counts each way, favours, asks. Pure functions."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime

from .dates import from_iso

CONTACT_KINDS = ("message", "call", "meeting", "connected")
# Help each way: the explicit favour kinds, and recommendations and endorsements by direction.
HELP_KINDS = ("recommendation", "endorsement")


@dataclass
class Summary:
    interactions: int = 0
    first_contact: datetime | None = None
    last_contact: datetime | None = None
    last_from_them: datetime | None = None
    last_from_you: datetime | None = None
    contacts_in: int = 0       # messages, calls, meetings that came from them (or went both ways)
    contacts_out: int = 0      # … that came from you (or went both ways)
    calls_and_meetings: int = 0
    connected_on: datetime | None = None
    favors_given: list[dict] = field(default_factory=list)     # you helped them
    favors_received: list[dict] = field(default_factory=list)  # they helped you
    asks_from_them: list[datetime] = field(default_factory=list)
    asks_from_you: list[datetime] = field(default_factory=list)

    @property
    def last_two_way(self) -> datetime | None:
        """By then the relationship had gone both ways: the later of each side's latest contact cannot
        be answered yet, so the earlier one is the last moment both had spoken."""
        if self.last_from_them and self.last_from_you:
            return min(self.last_from_them, self.last_from_you)
        return None

    def as_json(self) -> dict:
        return _jsonable({**asdict(self), "last_two_way": self.last_two_way})


def _jsonable(value):
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    return value


def summarize(interactions: list[dict]) -> Summary:
    """Interactions in any order; asks are kept apart, since an ask alone is no relationship."""
    summary = Summary(interactions=len(interactions))
    for interaction in sorted(interactions, key=lambda i: i["at"]):
        at = from_iso(interaction["at"])
        kind, direction = interaction["kind"], interaction["direction"]
        if kind == "ask":
            (summary.asks_from_them if direction == "in" else summary.asks_from_you).append(at)
            continue
        summary.first_contact = summary.first_contact or at
        summary.last_contact = at
        if kind == "connected":
            summary.connected_on = summary.connected_on or at
        if direction in ("in", "both"):
            summary.last_from_them = at
        if direction in ("out", "both"):
            summary.last_from_you = at
        if kind in CONTACT_KINDS and kind != "connected":
            summary.contacts_in += direction in ("in", "both")
            summary.contacts_out += direction in ("out", "both")
            summary.calls_and_meetings += kind in ("call", "meeting")
        if kind == "favor-given" or (kind in HELP_KINDS and direction == "out"):
            summary.favors_given.append({"kind": kind, "at": at})
        if kind == "favor-received" or (kind in HELP_KINDS and direction == "in"):
            summary.favors_received.append({"kind": kind, "at": at})
    return summary
