"""Where sync keeps what it knows, and this computer's changes as sync sees them.

A document's meta (crdt.py) lives in the bucket of its own id, under "p12", "d3" (in the table "sync") or "i40"
(in "sync_interactions"): a place every computer finds without knowing where the document went. The document
itself stays where the history keeps it: a person in the bucket of their id, an interaction or a dismissed
request in its person's bucket (the meta's "p" names that person). An interaction or a dismissed request whose
person is not in the history (removed on another computer, or not arrived yet) waits in its person's bucket, in
the table "aside", and is shown when the person is.

Each document a change touched gets its meta stamped; what this device wrote since it last published becomes
the deltas of its next file.
"""

from __future__ import annotations

from ..layout import ASIDE_TABLE as ASIDE
from ..layout import BUCKETS, META_TABLES, PEOPLE, bucket_of, meta_table
from . import crdt


def meta_key(table: str, doc_id: int) -> str:
    return crdt.LETTER_OF[table] + str(doc_id)


def body_of(snapshot, table: str, doc_id: int, meta: dict) -> tuple[dict | None, str | None]:
    """The document as this history holds it, and where: "shown" (in its table), "aside", or in the meta."""
    if table == PEOPLE:
        found = snapshot.bucket(bucket_of(doc_id)).get(PEOPLE, {}).get(str(doc_id))
        return (found, "shown") if found is not None else (meta.get("s"), "meta" if "s" in meta else None)
    if "p" in meta:
        data = snapshot.bucket(bucket_of(meta["p"]))
        found = data.get(table, {}).get(str(doc_id))
        if found is not None:
            return found, "shown"
        found = data.get(ASIDE, {}).get(meta_key(table, doc_id))
        if found is not None:
            return found, "aside"
    return (meta.get("s"), "meta") if "s" in meta else (None, None)


def stamp_changes(tx, stamp: str) -> dict[int, set[str]]:
    """Stamp the meta of every document `tx` changed; returns the keys stamped, by the bucket of their meta."""
    first_before: dict[tuple[str, int], dict | None] = {}
    created: list[tuple[str, range]] = []
    for table, doc_id, before in tx.ops:
        if isinstance(doc_id, range):
            created.append((table, doc_id))
        else:
            first_before.setdefault((table, doc_id), before)
    stamped: dict[int, set[str]] = {}
    for (table, doc_id), before in first_before.items():
        after = _current(tx, table, doc_id, before)
        key, bucket = meta_key(table, doc_id), bucket_of(doc_id)
        metas = tx.bucket_to_change(bucket)[meta_table(key)]
        old = metas.get(key) or {}
        if "p" in old and key in tx.bucket(bucket_of(old["p"])).get(ASIDE, {}):
            del tx.bucket_to_change(bucket_of(old["p"]))[ASIDE][key]  # superseded by what this change wrote
        meta = crdt.stamp_local(table, old, before, after, stamp,
                                tx.merged_into.get(doc_id) if table == PEOPLE else None)
        if table != PEOPLE and after is not None:
            meta["p"] = after["person"]
        metas[key] = meta
        stamped.setdefault(bucket, set()).add(key)
    for table, ids in created:  # an import's documents, by the hundred thousand: all new, all this stamp's
        letter = crdt.LETTER_OF[table]
        for bucket in list(tx.working):
            for doc_id, doc in tx.bucket(bucket).get(table, {}).items():
                if int(doc_id) in ids:
                    home = bucket_of(int(doc_id))
                    meta = {"d": stamp, "n": stamp} if table == PEOPLE else {"d": stamp, "n": stamp,
                                                                               "p": doc["person"]}
                    tx.bucket_to_change(home)[meta_table(letter)][letter + doc_id] = meta
                    stamped.setdefault(home, set()).add(letter + doc_id)
    return stamped


def _current(tx, table: str, doc_id: int, before: dict | None) -> dict | None:
    """The document as the change left it (None: removed), looked for where it most likely is."""
    places = [bucket_of(doc_id if table == PEOPLE else before["person"])] if before is not None else []
    for bucket in dict.fromkeys([*places, *tx.working]):
        found = tx.bucket(bucket).get(table, {}).get(str(doc_id))
        if found is not None:
            return found
    return None


def deltas(snapshot, device: str, since: str, keys_by_bucket: dict[int, set[str] | None]) -> list[dict]:
    """What `device` wrote after `since` to the documents named (a bucket mapped to None: all of its documents),
    as crdt deltas with their table and id.

    In two passes: the metas, bucket by bucket, then the documents, by the bucket that holds them. A document
    lives in its person's bucket and its meta in its own id's: looked up one by one, a compaction of a history
    larger than the segment cache would read each bucket again for every document."""
    by_home: dict[int, list[tuple[str, dict]]] = {}
    for bucket in sorted(keys_by_bucket):
        keys = keys_by_bucket[bucket]
        tables = META_TABLES if keys is None else {meta_table(key) for key in keys}
        for table in sorted(tables):
            metas = snapshot.bucket(bucket).get(table, {})
            for key, meta in (metas.items() if keys is None else
                              ((k, metas[k]) for k in keys if meta_table(k) == table and k in metas)):
                if _newer_by(meta, device, since):
                    home = bucket_of(int(key[1:])) if key[0] == "p" or "p" not in meta else bucket_of(meta["p"])
                    by_home.setdefault(home, []).append((key, meta))
    out = []
    for home in sorted(by_home):
        for key, meta in by_home.pop(home):
            table, doc_id = crdt.TABLE_OF[key[0]], int(key[1:])
            body, _ = body_of(snapshot, table, doc_id, meta)
            delta = crdt.delta_of(table, crdt.flatten(table, body or {}), meta, device, since)
            if delta:
                out.append({"t": key[0], "i": doc_id, **delta})
    out.sort(key=lambda delta: (delta["t"], delta["i"]))
    return out


def written_by(meta: dict, device: str) -> bool:
    """Whether `device` wrote any of what the meta stamps (its files then hold some of the document)."""
    return _newer_by(meta, device, "")


def _newer_by(meta: dict, device: str, since: str) -> bool:
    for key in ("d", "n", "x"):
        stamp = meta.get(key)
        if stamp and stamp > since and stamp.endswith(device):
            return True
    overrides = meta.get("f")
    return bool(overrides) and any(s > since and s.endswith(device) for s in overrides.values())


def every_bucket() -> dict[int, None]:
    return dict.fromkeys(range(BUCKETS))
