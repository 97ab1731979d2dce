"""Other computers' changes taken into this history, inside one transaction.

Each delta merges into its document's fields and meta (crdt.py); the document is then shown in the history if
it exists, is whole (it passes the checks every stored document passes) and, for an interaction or a dismissed
request, its person is shown; otherwise it waits (sync/local.py says where). What the merged state implies is
then put right by ordinary changes of this computer, which sync like any other and which every computer makes
the same way, so they agree:

- two people who claim the same identity (the same stranger recorded on two computers, the same export
  imported on both) are one person: the one with the larger id is merged into the other, and their
  interactions that share a key (the same message, the same ask) are kept once (`fold_duplicates`, run on
  every commit of a synced history: an undo can bring a second claimant back too);
- an interaction added to a person whom another computer merged into someone else meanwhile moves to that
  someone (`redirect_merged`).
"""

from __future__ import annotations

from ..errors import InvalidValue
from ..guesses import rekey_ask
from ..history import request_of
from ..layout import (
    BUCKET_TABLES,
    CHECKS,
    INTERACTIONS,
    PEOPLE,
    SINGULAR,
    SYNC_TABLE,
    Malformed,
    bucket_of,
    identities_in,
    meta_table,
)
from . import crdt
from .local import ASIDE, body_of, meta_key


class Batch:
    """What merging deltas touched, for `settle_people` and `redirect_merged`."""

    def __init__(self):
        self.flipped: set[int] = set()  # people shown before and not now, or the other way round
        self.set_aside: set[int] = set()  # people under whom an interaction waits
        self.removed: list[dict] = []  # the meta, before, of each document a removal took away

    def __ior__(self, other: Batch) -> Batch:
        self.flipped |= other.flipped
        self.set_aside |= other.set_aside
        self.removed += other.removed
        return self


def apply_deltas(tx, deltas: list[dict], sight=None) -> Batch:
    """Merge the deltas into `tx`. `sight` (engine.FirstSight) knows the documents this history never held a meta
    for: their metas are not looked for, so that adding an interaction from elsewhere reads no table."""
    batch = Batch()
    for delta in deltas:
        table, doc_id = crdt.TABLE_OF[delta["t"]], delta["i"]
        key = meta_key(table, doc_id)
        metas = tx.bucket_to_change(bucket_of(doc_id))[meta_table(key)]
        meta = {} if sight is not None and sight.unseen(delta["t"], doc_id) else metas.get(key, {})
        if sight is not None:
            sight.saw(delta["t"], doc_id)
        body, where = body_of(tx, table, doc_id, meta)
        shown_before = body if where == "shown" else None
        _take_body(tx, table, doc_id, meta, where)
        before = meta
        flat, meta = crdt.merge(crdt.flatten(table, body or {}), meta, delta)
        if crdt.exists(before) and not crdt.exists(meta):
            batch.removed.append(before)
        shown = _place(tx, table, doc_id, flat, meta, shown_before, batch)
        if table == PEOPLE and (shown_before is None) != (shown is None):
            batch.flipped.add(doc_id)
    return batch


def _take_body(tx, table: str, doc_id: int, meta: dict, where: str | None) -> None:
    if where == "shown":
        home = bucket_of(doc_id if table == PEOPLE else meta["p"])
        del tx.bucket_to_change(home)[table][str(doc_id)]
    elif where == "aside":
        del tx.bucket_to_change(bucket_of(meta["p"]))[ASIDE][meta_key(table, doc_id)]


def _place(tx, table: str, doc_id: int, flat: dict, meta: dict, shown_before: dict | None,
           batch: Batch) -> dict | None:
    """Put the merged document where it belongs; returns it as shown (None: not shown)."""
    flat, meta = crdt.settle(table, flat, meta)
    key = meta_key(table, doc_id)
    for field in ("s", "p"):
        meta.pop(field, None)
    doc = None
    if crdt.exists(meta):
        candidate = crdt.unflatten(table, flat)
        if not _whole(table, doc_id, candidate):
            meta["s"] = flat  # shown once what it lacks arrives
        elif table == PEOPLE:
            doc = candidate
            tx.bucket_to_change(bucket_of(doc_id))[PEOPLE][str(doc_id)] = doc
        else:
            person = candidate["person"]
            meta["p"] = person
            data = tx.bucket_to_change(bucket_of(person))
            if str(person) in data[PEOPLE]:
                doc = candidate
                data[table][str(doc_id)] = doc
            else:  # its person is not here (removed, merged, or not arrived): it waits for them
                data[ASIDE][key] = flat
                batch.set_aside.add(person)
    elif flat:
        meta["s"] = flat
    tx.bucket_to_change(bucket_of(doc_id))[meta_table(key)][key] = meta
    tx.shown(table, doc_id, shown_before, doc)
    return doc


def _whole(table: str, doc_id: int, doc: dict) -> bool:
    try:
        CHECKS[table](doc, f"{SINGULAR[table]} #{doc_id}")
    except Malformed:
        return False
    return True


def settle_people(tx, people: set[int]) -> None:
    """Show the waiting interactions and dismissed requests of people who appeared; set aside those of people
    who went (a removal on another computer that had not seen them: they come back with the person)."""
    for person_id in sorted(people):
        data = tx.bucket_to_change(bucket_of(person_id))
        if str(person_id) in data[PEOPLE]:
            for key, flat in sorted(data[ASIDE].items()):
                table, doc_id = crdt.TABLE_OF[key[0]], key[1:]
                if flat.get("person") == person_id:
                    del data[ASIDE][key]
                    if doc_id in data[table]:
                        continue  # this computer's change (an undo) put it back already
                    data[table][doc_id] = crdt.unflatten(table, flat)
                    tx.shown(table, int(doc_id), None, data[table][doc_id])
            continue
        for table in BUCKET_TABLES[1:]:
            for doc_id, doc in sorted(data[table].items()):
                if doc["person"] == person_id:
                    del data[table][doc_id]
                    data[ASIDE][meta_key(table, int(doc_id))] = crdt.flatten(table, doc)
                    tx.shown(table, int(doc_id), doc, None)


def redirect_merged(tx, people: set[int]) -> None:
    """What waits for a person another computer merged into someone else moves to that someone, as a change of
    this computer's."""
    for person_id in sorted(people):
        target = _merged_into(tx, person_id)
        if target is None:
            continue
        data = tx.bucket_to_change(bucket_of(person_id))
        for key, flat in sorted(data[ASIDE].items()):
            if flat.get("person") != person_id:
                continue
            table, doc_id = crdt.TABLE_OF[key[0]], int(key[1:])
            del data[ASIDE][key]
            moved = crdt.unflatten(table, {**flat, "person": target, "key": rekey_ask(flat.get("key"), target)})
            if moved["key"] is None and table != INTERACTIONS:
                continue
            try:
                tx.put_shown(table, doc_id, moved)
            except InvalidValue:
                data[ASIDE][key] = flat


def revive_merge_cycles(tx, people: set[int]) -> None:
    """Two computers that merged two people into each other (A into B here, B into A there) removed both: the
    one with the smaller id comes back, as it was, so that both merges end in one person."""
    for person_id in sorted(people):
        cycle = _merge_cycle(tx, person_id)
        if not cycle:
            continue
        keep = min(cycle)
        meta = tx.bucket(bucket_of(keep)).get(SYNC_TABLE, {}).get(meta_key(PEOPLE, keep), {})
        if keep not in tx.people and meta.get("s", {}).get("name"):
            try:
                tx.put_shown(PEOPLE, keep, crdt.unflatten(PEOPLE, meta["s"]))
            except InvalidValue:
                continue


def _merge_cycle(tx, person_id: int) -> set[int]:
    """The people a chain of merges from `person_id` goes round, when none of them is in the history."""
    chain: list[int] = []
    current = person_id
    while current not in chain:
        if current in tx.people:
            return set()
        meta = tx.bucket(bucket_of(current)).get(SYNC_TABLE, {}).get(meta_key(PEOPLE, current), {})
        if "m" not in meta:
            return set()
        chain.append(current)
        current = meta["m"]
    return set(chain[chain.index(current):])


def _merged_into(tx, person_id: int) -> int | None:
    """The person `person_id` was merged into (following merges of merges), if they are in the history."""
    seen = set()
    current = person_id
    while current not in seen:
        seen.add(current)
        meta = tx.bucket(bucket_of(current)).get(SYNC_TABLE, {}).get(meta_key(PEOPLE, current), {})
        if current != person_id and current in tx.people:
            return current
        if "m" not in meta or crdt.exists(meta):
            return None
        current = meta["m"]
    return None


def duplicates(tx) -> set[tuple[int, int]]:
    """(kept, merged) pairs of people this change left as one person twice: two who claim the same identity, or
    two of the same name without any identity who share a recorded event (the same row of the same export)."""
    pairs = {(ids[0], other) for ids in tx.shared_identities().values() for other in ids[1:]}
    for name in sorted(tx.name_overlay):
        ids = tx.index.exact_name(name)
        if len(ids) < 2:
            continue
        bare = [i for i in ids if i in tx.people and not identities_in(tx.people[i])]
        keys = {i: {request_of(d["key"]) for d in tx.interactions_of(i) if d.get("key")} for i in bare}
        for n, first in enumerate(bare):
            pairs.update((first, other) for other in bare[n + 1:] if keys[first] & keys[other])
    return pairs


def fold_duplicates(tx, pairs: set[tuple[int, int]], now) -> list[tuple[int, int]]:
    """Merge each pair, the larger id into the smaller; their interactions with the same key are kept once.
    Returns the (kept, merged) pairs."""
    from ..people import merge_people

    folded = []
    gone: dict[int, int] = {}
    for keep, drop in sorted((min(pair), max(pair)) for pair in pairs):
        while keep in gone:
            keep = gone[keep]
        if drop in gone or keep == drop or drop not in tx.people or keep not in tx.people:
            continue
        merge_people(tx, keep, drop, now=now)
        gone[drop] = keep
        folded.append((keep, drop))
        seen: set[str] = set()
        duplicates = []
        for interaction in sorted(tx.interactions_of(keep), key=lambda i: i["id"]):
            key = request_of(interaction["key"]) if interaction.get("key") else None
            if key and key in seen:
                duplicates.append(interaction["id"])
            elif key:
                seen.add(key)
        tx.remove(INTERACTIONS, duplicates)
    return folded
