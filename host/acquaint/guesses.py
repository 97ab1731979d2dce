"""What was filed under a probable match, and settling it once it is known who it was.

An ask recorded (or a request dismissed) while the page's person was only a probable match carries `via`: the
page's identity (`linkedin-id:ACoAA…`). When that identity comes to belong to someone — the user confirms the
match, rejects it (a new person takes the identity), or a page shows it surely beside a known one — everything
filed under it moves to that person, its key rewritten, and stops being a guess.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .handles import display

if TYPE_CHECKING:  # for annotations only: the history is not loaded to use these
    from .history import Transaction


def rekey_ask(key: str | None, person_id: int) -> str | None:
    """The same request's key once it belongs to another person (`ask:<person>:<kind>:<digest>`)."""
    if not key or not key.startswith("ask:"):
        return key
    _, _, kind, digest = key.split(":", 3)
    return f"ask:{person_id}:{kind}:{digest}"


def settle(tx: Transaction, person_id: int, identities) -> int:
    """File everything guessed under `identities` with `person_id`; returns how many records moved."""
    shown = {display(*identity) for identity in identities}
    if not shown:
        return 0
    moved = 0
    for table, doc_id, document in tx.guessed_under(shown):
        settled = {k: v for k, v in document.items() if k != "via"}
        settled.update(person=person_id, key=rekey_ask(document.get("key"), person_id))
        tx.replace(table, doc_id, settled)
        moved += document["person"] != person_id
    return moved
