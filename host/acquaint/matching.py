"""Who a page means: by identity, by history id, or — for a LinkedIn member id shown with a name — the one
connection of that name, offered as a probable match for the user to confirm or reject, never merged silently."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .handles import display
from .refs import PersonRef

if TYPE_CHECKING:  # for annotations only: the history is not loaded to use these
    from .history import Snapshot

# How a person was found, most certain first.
BY_IDENTITY, BY_HISTORY_ID, BY_LEGACY_ID, PROBABLE = "identity", "history_id", "legacy_id", "probable"


@dataclass(frozen=True)
class Match:
    person_id: int | None
    how: str | None = None
    identity: tuple[str, str] | None = None  # for a probable match: the page's identity it is not sure of
    # (None when the page showed only a name: then there is nothing to confirm, only a guess to show)
    because: str | None = None  # for a probable match: "name", or "link" (their text links to the profile)

    @property
    def probable(self) -> bool:
        return self.how == PROBABLE

    def as_json(self, snapshot: Snapshot) -> dict | None:
        if not self.probable:
            return None
        return {"state": "probable", "person_id": self.person_id, "name": snapshot.people[self.person_id]["name"],
                "identity": display(*self.identity) if self.identity else None, "because": self.because}


def find(snapshot: Snapshot, ref: PersonRef) -> Match:
    if ref.history_id is not None:
        return Match(ref.history_id if ref.history_id in snapshot.people else None, BY_HISTORY_ID)
    for identity in ref.identities:
        found = snapshot.index.find(*identity)
        if found is not None:
            return Match(found, BY_IDENTITY)
    for identity in ref.fallbacks:
        found = snapshot.index.find(*identity)
        if found is not None:
            return Match(found, BY_LEGACY_ID)
    return probable_match(snapshot, ref)


def is_linkedin_connection(snapshot: Snapshot, person_id: int) -> bool:
    """In the history as someone the user is connected with on LinkedIn: a vanity name (the export's
    Connections.csv gives one for each) or a recorded connection."""
    if snapshot.people[person_id]["handles"].get("linkedin"):
        return True
    return any(i["kind"] == "connected" for i in snapshot.interactions_of(person_id))


def is_on_x(snapshot: Snapshot, person_id: int) -> bool:
    handles = snapshot.people[person_id]["handles"]
    return bool(handles.get("x") or handles.get("x_id"))


def probable_match(snapshot: Snapshot, ref: PersonRef) -> Match:
    """LinkedIn's messaging names people by member id, the export by vanity name. When the page gives only a
    member id, the person their own text links to (a recommendation link's vanity name: a claim, anyone can
    paste one) or else the one LinkedIn connection with exactly that name (case and accents aside) is probably
    them — if they hold no other member id and the user has not said otherwise. A page that gives only a name
    (an X group chat) points the same way to the one person of that name on that site, with nothing to
    confirm."""
    kinds = {kind for kind, _ in ref.identities}
    if not (kinds == {"linkedin_id"} and ref.platform == "linkedin" or ref.name_only and ref.name.strip()):
        return Match(None)
    identity = ref.identities[0] if ref.identities else None
    shown = display(*identity) if identity else None
    on_site = is_linkedin_connection if ref.platform == "linkedin" else is_on_x if ref.platform == "x" else None
    if on_site is None:
        return Match(None)

    def possible(pid: int) -> bool:
        person = snapshot.people[pid]
        return (not (identity and person["handles"].get("linkedin_id"))
                and shown not in person.get("not_identities", []) and on_site(snapshot, pid))

    claimed = [pid for pid in (snapshot.index.find(*claim) for claim in ref.claims) if pid is not None]
    if claimed:
        return Match(claimed[0], PROBABLE, identity, "link") if possible(claimed[0]) else Match(None)
    if not ref.name.strip():
        return Match(None)
    candidates = [pid for pid in snapshot.index.exact_name(" ".join(ref.name.split())) if possible(pid)]
    if len(candidates) != 1:
        return Match(None)
    return Match(candidates[0], PROBABLE, identity, "name")
