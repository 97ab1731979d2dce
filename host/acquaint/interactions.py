"""Recording interactions: checked kind and direction, and a dedupe key so a re-import adds nothing."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from . import kinds
from .dates import to_iso
from .schema import INTERACTIONS

if TYPE_CHECKING:  # for annotations only: the history is not loaded to use these
    from .history import Transaction


def log_interaction(
    tx: Transaction,
    person_id: int,
    kind: str,
    *,
    direction: str | None = None,
    at: datetime,
    note: str = "",
    source: str = "cli",
    key: str | None = None,
    via: str | None = None,
    now: datetime,
) -> int | None:
    """Record one interaction; returns its id, or None when `key` was recorded before. `via` is the page's
    identity when the person was only a probable match (matching.py): the user's answer settles it."""
    chosen = kinds.check(kind, direction)
    if key and tx.has_key(person_id, key):
        return None
    interaction = {
        "person": person_id,
        "kind": kind,
        "direction": chosen,
        "at": to_iso(at),
        "note": note.strip(),
        "source": source,
        "key": key,
        "recorded": to_iso(now),
    }
    if via:
        interaction["via"] = via
    return tx.insert(INTERACTIONS, interaction)
