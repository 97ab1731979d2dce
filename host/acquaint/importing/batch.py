"""What an import found, and how it joins the history: one transaction, matching by identity or exact name.

Importers fill a Batch with people and interactions; `apply_batch` merges it into the history inside the
caller's transaction, so an import lands whole or not at all. A person is matched to someone already known
by a handle, X id or email, else by exactly the same name; never by a similar name. Similar names are listed
as uncertain matches for the user to settle with `acquaint merge`.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from ..dates import to_iso
from ..index import fold
from ..people import attach_identities, is_placeholder_name, label, new_person_document, with_identities
from ..schema import INTERACTIONS, PEOPLE

if TYPE_CHECKING:  # for annotations only: the history is not loaded to use these
    from ..history import Transaction

Identity = tuple[str, str]


@dataclass
class PersonRecord:
    name: str
    identities: list[Identity]
    note: str = ""      # kept only when the person is new: imports never overwrite the user's notes
    origin: str = ""    # "Connections.csv line 7", for messages about this person


@dataclass(slots=True)  # an import holds hundreds of thousands
class InteractionRecord:
    person: int         # index into Batch.people
    kind: str
    direction: str
    at: str             # UTC, as stored: "2025-01-01T10:00:00Z"
    key: str
    note: str = ""


@dataclass
class Skipped:
    where: str          # the file
    reason: str
    count: int = 1
    lines: list[int] = field(default_factory=list)  # the first few line numbers
    examples: list[str] = field(default_factory=list)  # the first few values that were refused

    def describe(self) -> str:
        rows = f"{self.count} row{'s' if self.count != 1 else ''}"
        more = ", …" if self.count > max(len(self.lines), len(self.examples)) else ""
        details = []
        if self.examples:
            details.append("e.g. " + ", ".join(map(repr, self.examples)) + (more if not self.lines else ""))
        if self.lines:
            details.append("line " + ", ".join(map(str, self.lines)) + more)
        return f"{self.where}: {rows} — {self.reason}" + (f" ({'; '.join(details)})" if details else "")


class Batch:
    def __init__(self, source: str):
        self.source = source
        self.people: list[PersonRecord] = []
        self.interactions: list[InteractionRecord] = []
        self._skipped: dict[tuple[str, str], Skipped] = {}
        self._by_identity: dict[Identity, int] = {}
        self._by_bare_name: dict[str, int] = {}
        self._settled: dict[Identity, int] = {}  # identity -> record that has a real name

    def person(self, name: str, identities: list[Identity], note: str = "",
               origin: str | tuple[str, int] = "") -> int:
        """The batch's record for this person, one per identity (or per name, for people known only by name).
        `origin`: where the person was read, as text or as (file, line), made into text only for a new record
        (a messages file names the same people a hundred thousand times)."""
        if len(identities) == 1:  # the common case, once per message: someone already in the batch, named
            number = self._settled.get(identities[0])
            if number is not None:
                return number
        name = " ".join(name.split())
        for identity in identities:
            if identity in self._by_identity:
                number = self._by_identity[identity]
                record = self.people[number]
                for other in identities:
                    if other not in record.identities:
                        record.identities.append(other)
                        self._by_identity[other] = number
                if name and (not record.name or is_placeholder_name(record.name)):
                    record.name = name
                self._settle(number)
                return number
        if not identities and fold(name) in self._by_bare_name:
            return self._by_bare_name[fold(name)]
        number = len(self.people)
        if isinstance(origin, tuple):
            origin = f"{origin[0]} line {origin[1]}"
        self.people.append(PersonRecord(name, list(identities), note, origin))
        for identity in identities:
            self._by_identity[identity] = number
        if not identities:
            self._by_bare_name[fold(name)] = number
        self._settle(number)
        return number

    def _settle(self, number: int) -> None:
        """Once a record has a real name, a later row with one of its identities only finds it."""
        record = self.people[number]
        if record.name and not is_placeholder_name(record.name):
            for identity in record.identities:
                self._settled[identity] = number

    def interaction(self, person: int, kind: str, direction: str, at: datetime | str, key: str,
                    note: str = "") -> None:
        """`at`: a datetime, or a time already as stored (formats.export_time)."""
        self.interactions.append(InteractionRecord(person, kind, direction, at if isinstance(at, str) else to_iso(at),
                                                   key, note))

    def skip(self, where: str, line: int | None, reason: str, example: str | None = None) -> None:
        """Rows skipped for the same reason are told once, with the first few lines and values (an export with
        thousands of bad dates gives one line, not thousands)."""
        entry = self._skipped.setdefault((where, reason), Skipped(where, reason, 0))
        entry.count += 1
        if line is not None and len(entry.lines) < 5:
            entry.lines.append(line)
        if example is not None and len(entry.examples) < 3:
            entry.examples.append(example)

    @property
    def skipped(self) -> list[Skipped]:
        return list(self._skipped.values())


@dataclass
class Summary:
    source: str
    people_added: int = 0
    people_updated: int = 0
    interactions_added: int = 0
    interactions_known: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    uncertain: list[str] = field(default_factory=list)
    dry_run: bool = False

    def as_json(self) -> dict:
        return {
            "source": self.source, "dry_run": self.dry_run, "people_added": self.people_added,
            "people_updated": self.people_updated, "interactions_added": self.interactions_added,
            "interactions_already_known": self.interactions_known,
            "skipped": [{"file": s.where, "reason": s.reason, "rows": s.count, "first_lines": s.lines,
                         "examples": s.examples}
                        for s in self.skipped],
            "uncertain_matches": self.uncertain,
        }


def _surname_key(name: str) -> tuple[str, str] | None:
    parts = fold(name).replace(".", " ").split()
    return (parts[0][0], parts[-1]) if len(parts) >= 2 else None


def apply_batch(tx: Transaction, batch: Batch, now: datetime) -> Summary:
    """Merge the batch into the history. A record joins someone already known, or someone added earlier in
    this same import, by identity first and exact name second; otherwise it becomes a new person. The batch's
    interactions are used up."""
    summary = Summary(batch.source, skipped=list(batch.skipped))
    people = tx.people
    stamp = to_iso(now)
    # Who holds an identity or a name: a person id, or ("new", n) for the n-th person this import adds.
    owner: dict[Identity, object] = dict(tx.index.by_identity)
    by_name: dict[str, list] = defaultdict(list)
    by_surname: dict[tuple[str, str], list[int]] = defaultdict(list)
    for person_id, person in people.items():
        for name in (person["name"], *person.get("aliases", [])):
            by_name[fold(name)].append(person_id)
        if (key := _surname_key(person["name"])) is not None:
            by_surname[key].append(person_id)
    new_documents: list[dict] = []
    additions: dict[int, list[Identity]] = defaultdict(list)
    resolved: list = []

    def describe(who) -> str:
        return label(who, people[who]) if isinstance(who, int) else f"{new_documents[who[1]]['name']} ({new_id(who)})"

    def new_id(who) -> str:
        return f"#\x00{who[1]}\x00, new"  # the id it gets, filled in once the new people are stored

    def attach(who, identity: Identity) -> None:
        owner[identity] = who
        if isinstance(who, int):
            additions[who].append(identity)
        else:
            attach_identities(new_documents[who[1]], [identity])

    for record in batch.people:
        holders = list(dict.fromkeys(owner[i] for i in record.identities if i in owner))
        if len(holders) > 1:
            summary.uncertain.append(f"{record.name or record.identities[0][1]} ({record.origin}) matches "
                                     f"{', '.join(map(describe, holders))} by different handles; kept with the "
                                     "first — merge them if they are one person")
        who = holders[0] if holders else None
        if who is None and record.name:
            same_name = list(dict.fromkeys(by_name.get(fold(record.name), [])))
            if len(same_name) == 1:
                who = same_name[0]
            elif len(same_name) > 1:
                summary.uncertain.append(f"{record.name} ({record.origin}) has the name of "
                                         f"{', '.join(map(describe, same_name))}; added as a new person "
                                         f"#\x00{len(new_documents)}\x00 — `acquaint merge A B` if they are "
                                         "the same")
        if who is None:
            who = ("new", len(new_documents))
            name = record.name or _fallback_name(record.identities)
            new_documents.append(new_person_document(name, stamp, record.note))
            by_name[fold(name)].append(who)
            similar = [p for p in by_surname.get(_surname_key(name) or ("", ""), [])
                       if fold(people[p]["name"]) != fold(name)]
            if similar:
                summary.uncertain.append(f"{name} ({record.origin}), added as #\x00{who[1]}\x00, may be "
                                         f"{', '.join(label(p, people[p]) for p in similar[:3])}: "
                                         f"`acquaint merge {similar[0]} \x00{who[1]}\x00` if so")
            elif not record.identities:
                summary.uncertain.append(f"{name} ({record.origin}) matched nobody by name; added as "
                                         f"#\x00{who[1]}\x00")
        elif record.name and not isinstance(who, int) and is_placeholder_name(new_documents[who[1]]["name"]):
            new_documents[who[1]]["name"] = record.name  # a real name learnt later in the same import
        for identity in record.identities:
            if identity not in owner:
                attach(who, identity)
        resolved.append(who)

    new_ids = tx.insert_many(PEOPLE, new_documents, owned=True) if new_documents else []
    summary.people_added = len(new_ids)
    summary.uncertain = [_NEW_PERSON.sub(lambda m: str(new_ids[int(m[1])]), note) for note in summary.uncertain]
    final = [who if isinstance(who, int) else new_ids[who[1]] for who in resolved]
    for person_id, identities in additions.items():
        tx.update(PEOPLE, person_id, {**with_identities(tx.people[person_id], identities), "updated": stamp})
    summary.people_updated = len(additions)

    seen = set(tx.interaction_keys)
    # The same event logged by hand before (same person, kind, direction and day) is that event: each hand-logged
    # one stands for one imported.
    by_hand = tx.hand_logged() if any(isinstance(who, int) for who in resolved) else Counter()
    documents = []
    source = f"import:{batch.source}"  # one string for every document, not one each
    records, batch.interactions = batch.interactions, []
    records.reverse()
    while records:  # each record let go as its document is made: they are 20 MB at an import's peak
        record = records.pop()
        if record.key in seen:
            summary.interactions_known += 1
            continue
        seen.add(record.key)
        person = final[record.person]
        event = (person, record.kind, record.direction, record.at[:10])
        if by_hand[event] > 0:
            by_hand[event] -= 1
            summary.interactions_known += 1
            continue
        documents.append({"person": person, "kind": record.kind, "direction": record.direction,
                          "at": record.at, "note": record.note, "source": source,
                          "key": record.key, "recorded": stamp})
    if documents:
        tx.insert_many(INTERACTIONS, documents, owned=True)
    summary.interactions_added = len(documents)
    return summary


_NEW_PERSON = re.compile("\x00(\\d+)\x00")  # "the n-th new person" in a note, until their id is known


def _fallback_name(identities: list[Identity]) -> str:
    kind, value = identities[0]
    return {"x": f"@{value}", "x_id": f"X user {value}"}.get(kind, value)
