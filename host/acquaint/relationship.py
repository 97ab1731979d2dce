"""One person's standing: their summary, score and level, with the closeness the user set winning."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from .config import Thresholds, load_thresholds
from .scoring import Score, score
from .summary import Summary, summarize

if TYPE_CHECKING:  # for annotations only: the history is not loaded to use these
    from .history import Snapshot

LEVELS = ("stranger", "acquaintance", "established")


# People known only by an X id are named "X user <id>" until a page or an import shows their name.
NUMBERED = "X user "


def is_numbered(name: str) -> bool:
    return name.startswith(NUMBERED) and name[len(NUMBERED):].isdigit()


def shown_name(name: str) -> str:
    """The name to show a user: never a bare number."""
    return "Someone on X (no name shown)" if is_numbered(name) else name


def first_name(name: str) -> str:
    if is_numbered(name):
        return "this person"
    return name.split()[0] if name.split() else name


@dataclass
class Assessment:
    person_id: int
    person: dict
    summary: Summary
    score: Score
    level: str
    level_reason: str

    def as_json(self) -> dict:
        return {
            "id": self.person_id,
            "name": self.person["name"],
            "level": self.level,
            "level_reason": self.level_reason,
            "score": self.score.total,
            "breakdown": self.score.as_json()["parts"],
            "summary": self.summary.as_json(),
            "person": {"id": self.person_id, **self.person},
        }


def level_for(summary: Summary, total: int, closeness: str | None, thresholds: Thresholds) -> tuple[str, str]:
    """The level and why. The user's own closeness wins; no contact beyond asks is always a stranger."""
    if closeness:
        return closeness, f"you set the closeness to {closeness}"
    if summary.first_contact is None:
        return "stranger", "no contact on record beyond asks" if summary.asks_from_them else "no contact on record"
    if total >= thresholds.established:
        return "established", f"score {total} ≥ {thresholds.established}"
    if total >= thresholds.acquaintance:
        return "acquaintance", f"score {total} ≥ {thresholds.acquaintance}"
    return "stranger", f"score {total} < {thresholds.acquaintance}"


def assess(person_id: int, person: dict, interactions: list[dict], now: datetime,
           thresholds: Thresholds | None = None) -> Assessment:
    thresholds = thresholds or load_thresholds()
    summary = summarize(interactions)
    result = score(summary, now, first_name(person["name"]))
    level, reason = level_for(summary, result.total, person.get("closeness"), thresholds)
    return Assessment(person_id, person, summary, result, level, reason)


def assess_person(snapshot: Snapshot, person_id: int, now: datetime,
                  thresholds: Thresholds | None = None) -> Assessment:
    return assess(person_id, snapshot.people[person_id], snapshot.interactions_of(person_id), now, thresholds)
