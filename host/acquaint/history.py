"""The contact history: consistent snapshots to read, and changes made as one locked read-modify-write.

A snapshot is one version of the history folder (store.py), read lazily: a lookup reads the identity shard and
the person's bucket, not the whole history. Every change goes through `History.change()`: take the lock, read
the current version, apply the change to copies of the tables it touches (documents by id, as TinyDB keeps
them), and commit a new version holding the changed parts (whole, or as patches of the documents written), the
index shards they affect and the record of the change (for undo and redo). No other code path writes the
history.
"""

from __future__ import annotations

import contextlib
import time
import uuid
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Iterator

from . import paths, scrub
from .dates import now_utc, to_iso
from .errors import HistoryCorrupted, InvalidValue, NothingToRestore, NothingToUndo
from .files import FolderFiles, MemoryFiles
from .index import SegmentIndex
from .layout import (
    BUCKET_TABLES,
    BUCKETS,
    CHECKS,
    DISMISSED,
    INTERACTIONS,
    PARTS,
    PEOPLE,
    SEGMENT_TABLES,
    SINGULAR,
    Malformed,
    bucket_of,
    bucket_of_part,
    identities_in,
    identity_key,
    ids_name,
    names_in,
    names_name,
    part_name,
    parts_of_bucket,
    shard_of,
)
from .schema import SCHEMA_VERSION
from .store import (
    PATCH_DOCS,
    PATCHES_PER_PART,
    SMALL_PART,
    SPLIT_LAYOUT,
    UNDO_DEPTH,
    StaleSnapshot,
    Store,
    patches_of,
    table_part,
)
from .tables import BucketView, WorkingTable, working_bucket

NO_FILE = -1  # the schema version "found" when there was no history yet


def _interactions_by_person(bucket: dict) -> dict[int, list[tuple[str, dict]]]:
    """Person id -> their (id, interaction), oldest first: the documents themselves, not copies."""
    grouped: dict[int, list[tuple[str, dict]]] = {}
    for doc_id, doc in bucket.get(INTERACTIONS, {}).items():
        grouped.setdefault(doc["person"], []).append((doc_id, doc))
    for items in grouped.values():
        items.sort(key=lambda item: item[1]["at"])
    return grouped


def _keys_of(bucket: dict) -> set:
    # Only asks' keys need request_of; an import's thousands of keys are taken as they are (a write rebuilds this).
    keys = {("i", d["person"], d["key"]) for d in bucket.get(INTERACTIONS, {}).values()
            if d.get("key") and not d["key"].startswith("ask:")}
    keys.update(("i", d["person"], request_of(d["key"])) for d in bucket.get(INTERACTIONS, {}).values()
                if d.get("key", "") and d["key"].startswith("ask:"))
    keys.update(("d", d["person"], request_of(d["key"])) for d in bucket.get(DISMISSED, {}).values())
    return keys


def request_of(key: str) -> str:
    """A key as compared: an ask's key without the person id inside it (`ask:<person>:<kind>:<digest>`), so that
    asks of a person merged by an older version, whose keys still name the merged-away id, are known as theirs."""
    if key.startswith("ask:"):
        parts = key.split(":", 3)
        if len(parts) == 4 and parts[1].isdigit():
            return f"ask:{parts[2]}:{parts[3]}"
    return key


class People(Mapping):
    """Person id -> person, read bucket by bucket as asked (all of them only when iterated)."""

    def __init__(self, snapshot: Snapshot):
        self.snapshot = snapshot

    def __getitem__(self, person_id: int) -> dict:
        doc = self.snapshot.bucket(bucket_of(person_id)).get(PEOPLE, {}).get(str(person_id))
        if doc is None:
            raise KeyError(person_id)
        return doc

    def __contains__(self, person_id) -> bool:
        if not isinstance(person_id, int) or isinstance(person_id, bool):
            return False
        return str(person_id) in self.snapshot.bucket(bucket_of(person_id)).get(PEOPLE, {})

    def __iter__(self):
        for bucket in range(BUCKETS):
            yield from sorted(int(doc_id) for doc_id in self.snapshot.bucket(bucket).get(PEOPLE, {}))

    def __len__(self) -> int:
        return self.snapshot.counts["people"]


class Snapshot:
    """One version of the history. Parts are read as needed and kept."""

    def __init__(self, store: Store | None, manifest: dict | None, path: Path, schema_found: int = SCHEMA_VERSION):
        self.store = store
        self.manifest = manifest
        self.path = path
        self.schema_found = schema_found
        self._keys: dict[int, set] = {}

    # Views made on each use rather than kept: a view kept would point back here, and a snapshot in a reference
    # cycle outlives its last use (the store freezes what it parses out of the collector's sight: store.py).
    @property
    def people(self) -> People:
        return People(self)

    @property
    def index(self) -> SegmentIndex:
        return SegmentIndex(self)

    # -- parts ----------------------------------------------------------------------------------------------------

    def segment(self, name: str) -> dict:
        return self.store.segment(self.manifest, name) if self.manifest and self.store else {}

    def bucket(self, bucket: int) -> Mapping:
        """table -> documents of one bucket, each table read when first asked for."""
        if not (self.manifest and self.store):
            return {}
        store, manifest = self.store, self.manifest
        return BucketView(lambda table: store.table(manifest, bucket, table))

    @property
    def counts(self) -> dict:
        return self.manifest["counts"] if self.manifest else {"people": 0, "interactions": 0}

    @property
    def meta(self) -> dict:
        manifest = self.manifest or {}
        return {"schema_version": SCHEMA_VERSION, "created": manifest.get("created"),
                "lineage": manifest.get("lineage"), "version": manifest.get("seq")}

    @property
    def interaction_count(self) -> int:
        return self.counts["interactions"]

    # -- documents ------------------------------------------------------------------------------------------------

    def _derived(self, bucket: int, kind: str, build, tables: tuple[str, ...] = (INTERACTIONS,)):
        """Something built from a bucket's `tables`, kept with it: per content for a version read, per
        transaction for a bucket being changed."""
        if self.manifest is None or self.store is None or bucket in self._touched():
            cache_key = (bucket, kind)
            if cache_key not in self._keys:
                self._keys[cache_key] = build(self.bucket(bucket))
            return self._keys[cache_key]
        parts = tuple(dict.fromkeys(table_part(self.manifest, table, bucket) for table in tables))
        return self.store.derived(self.manifest, parts, kind, lambda: build(self.bucket(bucket)))

    def interactions_of(self, person_id: int) -> list[dict]:
        """A person's interactions, oldest first, each a copy with its `id`."""
        by_person = self._derived(bucket_of(person_id), "by-person", _interactions_by_person)
        return [{**doc, "id": int(doc_id)} for doc_id, doc in by_person.get(person_id, ())]

    def _bucket_keys(self, bucket: int) -> set:
        return self._derived(bucket, "keys", _keys_of, (INTERACTIONS, DISMISSED))

    def has_key(self, person_id: int, key: str) -> bool:
        """Whether this person has an interaction recorded under `key` (a re-import, a re-opened ask)."""
        return ("i", person_id, request_of(key)) in self._bucket_keys(bucket_of(person_id))

    def is_dismissed(self, person_id: int, key: str) -> bool:
        """Whether the user dismissed this person's request `key` ("Not an ask")."""
        return ("d", person_id, request_of(key)) in self._bucket_keys(bucket_of(person_id))

    @property
    def interaction_keys(self) -> set[str]:
        """Every interaction key in the history (reads every bucket: for imports)."""
        return {key for bucket in range(BUCKETS) for kind, _, key in self._bucket_keys(bucket) if kind == "i"}

    def all_interactions(self) -> list[dict]:
        return [{**doc, "id": int(doc_id)} for bucket in range(BUCKETS)
                for doc_id, doc in self.bucket(bucket).get(INTERACTIONS, {}).items()]

    def hand_logged(self) -> Counter:
        """(person, kind, direction, day) of every interaction logged by hand (it has no key), counted: an import
        recognises the same event in its export (reads every bucket: for imports)."""
        return Counter((doc["person"], doc["kind"], doc["direction"], doc["at"][:10]) for bucket in range(BUCKETS)
                       for doc in self.bucket(bucket).get(INTERACTIONS, {}).values() if not doc.get("key"))

    def dismissed_of(self, person_id: int) -> list[tuple[int, dict]]:
        """(id, document) of each request dismissed from this person."""
        return [(int(doc_id), doc) for doc_id, doc in self.bucket(bucket_of(person_id)).get(DISMISSED, {}).items()
                if doc["person"] == person_id]

    def all_dismissed(self) -> list[dict]:
        return [{**doc, "id": int(doc_id)} for bucket in range(BUCKETS)
                for doc_id, doc in self.bucket(bucket).get(DISMISSED, {}).items()]

    def guessed_under(self, shown: set[str]) -> list[tuple[str, int, dict]]:
        """Documents filed under a probable match whose `via` is one of `shown` (guesses.py)."""
        buckets = {b for via in shown for b in (self.manifest or {}).get("guesses", {}).get(via, [])}
        return [(table, int(doc_id), doc) for b in sorted(buckets | self._touched())
                for table in (INTERACTIONS, DISMISSED)
                for doc_id, doc in self.bucket(b).get(table, {}).items() if doc.get("via") in shown]

    def _touched(self) -> set[int]:
        return set()

    def undo_entries(self) -> list[dict]:
        """The changes `acquaint undo` can revert, newest first."""
        entries = []
        for seq in reversed((self.manifest or {}).get("undoable", [])):
            change = self.store.change(seq) if self.store else None
            if change:
                subject = change.get("subject") or change
                entries.append({"description": subject["description"], "at": subject["at"], "seq": seq})
        return entries

    def as_dict(self) -> dict:
        """The whole history as one object of tables (export, tests): reads every bucket."""
        tables = {table: {} for table in BUCKET_TABLES}
        for bucket in range(BUCKETS):
            for table in BUCKET_TABLES:
                tables[table].update(self.bucket(bucket).get(table, {}))
        return {"meta": self.meta, **{t: dict(sorted(d.items(), key=lambda kv: int(kv[0]))) for t, d in tables.items()}}


class Transaction(Snapshot):
    """A snapshot that can change. The buckets it touches are copied; every change to a document is recorded
    (its before and after) so that the version it commits can be undone and redone."""

    def __init__(self, store: Store | None, manifest: dict | None, path: Path, description: str,
                 schema_found: int = SCHEMA_VERSION):
        super().__init__(store, manifest, path, schema_found)
        self.description = description
        self.working: dict[int, dict[str, WorkingTable]] = {}
        self.ops: list[tuple] = []
        self.next_ids = dict((manifest or {}).get("next_ids") or {PEOPLE: 1, INTERACTIONS: 1, DISMISSED: 1})
        self.count_delta = {"people": 0, "interactions": 0}
        self.id_overlay: dict[str, int | None] = {}
        self.name_overlay: dict[str, dict[int, bool]] = {}  # folded name -> {person id: present?}
        self.journaling = True
        self.to_scrub: list[dict] = []  # dismissed asks whose sentence must leave every kept copy (scrub.py)
        self.merged_into: dict[int, int] = {}  # people removed by `acquaint merge`, and whom into (for sync)
        self.id_claims: dict[str, set[int]] = {}  # identity -> every person whose identities changed with it
        self.guess_buckets: set[int] = set()  # buckets where a record filed under a probable match came or went
        # A synced history's new documents take ids from this device's range only (sync/engine.py).
        self.id_range: range | None = None
        sync = (manifest or {}).get("sync")
        if sync is not None:
            from .sync.engine import own_range

            self.id_range = own_range(sync)

    @property
    def changed(self) -> bool:
        return bool(self.ops)

    def bucket(self, bucket: int) -> Mapping:
        working = self.working.get(bucket)
        return working if working is not None else super().bucket(bucket)

    def _touched(self) -> set[int]:
        return set(self.working)

    def _writable(self, bucket: int) -> dict:
        working = self.working.get(bucket)
        if working is not None and not self._keys:
            return working  # the common case of a long change: nothing derived from it to forget
        if bucket not in self.working:
            # Each table is copied when first read, not its documents: a change replaces a document, never edits
            # it in place, so the version read (shared with other snapshots) stays as it was.
            read = Snapshot.bucket(self, bucket)
            self.working[bucket] = working_bucket(lambda table: read.get(table, {}), PATCH_DOCS)
        for kind in ("keys", "by-person"):
            self._keys.pop((bucket, kind), None)
        return self.working[bucket]

    def _locate(self, table: str, doc_id: int) -> int | None:
        key = str(doc_id)
        if table == PEOPLE:
            bucket = bucket_of(doc_id)
            return bucket if key in self.bucket(bucket).get(PEOPLE, {}) else None
        for bucket in self.working:
            if key in self.working[bucket].get(table, {}):
                return bucket
        for bucket in range(BUCKETS):  # not among the buckets read so far: look through the rest
            if key in self.bucket(bucket).get(table, {}):
                return bucket
        return None

    @staticmethod
    def _home(table: str, doc_id: int, doc: dict) -> int:
        return bucket_of(doc_id if table == PEOPLE else doc["person"])

    def _record(self, table: str, doc_id: int, before: dict | None, after: dict | None) -> None:
        if after is not None:  # every document written is checked: a segment whose hash matches is then sound
            try:
                CHECKS[table](after, f"{SINGULAR[table]} #{doc_id}")
            except Malformed as error:
                raise InvalidValue(f"refusing to store {error}; nothing was changed") from None
        if self.journaling:  # documents are never edited in place: the record can share them
            # [table, id, before]: what undo puts back. The after side is in the version itself, and reverting
            # an undo (redo) reads the undo's own record. A tuple: an import records a quarter of a million.
            self.ops.append((table, doc_id, before))
        if table == PEOPLE:
            self._reindex(doc_id, before, after)
        elif (before or {}).get("via") or (after or {}).get("via"):
            self.guess_buckets.add(bucket_of((after or before)["person"]))
            if before and after and before["person"] != after["person"]:
                self.guess_buckets.add(bucket_of(before["person"]))
        if table in (PEOPLE, INTERACTIONS):
            self.count_delta[table] += (after is not None) - (before is not None)

    def _reindex(self, person_id: int, before: dict | None, after: dict | None) -> None:
        old_ids = {identity_key(*i) for i in identities_in(before or {})}
        new_ids = {identity_key(*i) for i in identities_in(after or {})}
        for key in old_ids - new_ids:
            self.id_overlay[key] = None
        # Outside sync an identity has one claimant, indexed again by whoever last took it. In a synced history
        # `_settle_index` names every touched identity's claimant: only new ones need writing here, so that an
        # edit of a note (a merge brings hundreds) leaves the index shards as they are.
        for key in new_ids if self.id_range is None else new_ids - old_ids:
            self.id_overlay[key] = person_id
        if self.id_range is not None:
            for key in old_ids | new_ids:
                self.id_claims.setdefault(key, set()).add(person_id)
        old_names, new_names = set(names_in(before or {})), set(names_in(after or {}))
        for name in old_names - new_names:
            self.name_overlay.setdefault(name, {})[person_id] = False
        # A name that stays needs no writing, unless the identities changed: sync looks again at the people of
        # every name in the overlay for two that are one (sync/apply.py `duplicates`).
        for name in new_names if old_ids != new_ids else new_names - old_names:
            self.name_overlay.setdefault(name, {})[person_id] = True

    def _put(self, table: str, doc_id: int, doc: dict) -> None:
        # Straight into the bucket's table, as TinyDB stores it ({id: document}): TinyDB's own Table.insert
        # rebuilds the whole table on every call, which an import of 200,000 interactions cannot afford.
        self._writable(self._home(table, doc_id, doc))[table][str(doc_id)] = doc

    def _take(self, table: str, doc_id: int) -> tuple[int, dict] | None:
        bucket = self._locate(table, doc_id)
        if bucket is None:
            return None
        documents = self._writable(bucket)[table]
        return bucket, documents.pop(str(doc_id))

    # -- for sync (sync/apply.py): documents placed as merged from other computers -------------------------------

    def bucket_to_change(self, bucket: int) -> dict:
        """A bucket's tables (documents and what sync knows of them), to change in place for this transaction."""
        return self._writable(bucket)

    def shown(self, table: str, doc_id: int, before: dict | None, after: dict | None) -> None:
        """A document placed by sync went from `before` to `after` as the history shows it (None: not shown):
        checked, indexed and counted like any change, but not recorded for undo (it is not this computer's)."""
        journaling, self.journaling = self.journaling, False
        try:
            self._record(table, doc_id, before, after)
        finally:
            self.journaling = journaling

    def put_shown(self, table: str, doc_id: int, document: dict) -> None:
        """Show a document that exists but was set aside, as a change of this computer's (found by id, not looked
        for: it is in no table)."""
        document = dict(document)
        self._put(table, doc_id, document)
        self._record(table, doc_id, None, document)

    # -- the document API -----------------------------------------------------------------------------------------

    def insert(self, table: str, document: dict) -> int:
        doc_id = self.next_ids.get(table, 1)
        self.next_ids[table] = doc_id + 1
        document = dict(document)
        self._put(table, doc_id, document)
        self._record(table, doc_id, None, document)
        return doc_id

    def insert_many(self, table: str, documents: list[dict], owned: bool = False) -> list[int]:
        """`owned`: the caller built these documents for this call and keeps no use of them, so they are stored
        as they are (an import's quarter of a million copies would cost some 80 MB at its peak)."""
        if not owned:
            return [self.insert(table, document) for document in documents]
        first = self.next_ids.get(table, 1)
        self.next_ids[table] = first + len(documents)
        if table == PEOPLE:
            for doc_id, document in enumerate(documents, first):
                self._put(table, doc_id, document)
                self._record(table, doc_id, None, document)
            return list(range(first, first + len(documents)))
        # Interactions, by the hundred thousand: what _put and _record do, with each bucket's table looked up once.
        check, singular = CHECKS[table], SINGULAR[table]
        tables: dict[int, dict] = {}
        for doc_id, document in enumerate(documents, first):
            try:
                check(document, f"{singular} #{doc_id}")
            except Malformed as error:
                raise InvalidValue(f"refusing to store {error}; nothing was changed") from None
            bucket = bucket_of(document["person"])
            if document.get("via"):
                self.guess_buckets.add(bucket)
            stored = tables.get(bucket)
            if stored is None:
                stored = tables[bucket] = self._writable(bucket)[table]
            stored[str(doc_id)] = document
        if self.journaling:
            # One entry for the lot, spelt out one document at a time as the record is written (store.py): a
            # quarter of a million tuples would be 20 MB of an import's peak.
            self.ops.append((table, range(first, first + len(documents)), None))
        if table in self.count_delta:
            self.count_delta[table] += len(documents)
        return list(range(first, first + len(documents)))

    def update(self, table: str, doc_id: int, fields: dict) -> None:
        taken = self._take(table, doc_id)
        if taken is None:
            raise KeyError(f"no {table} document {doc_id}")
        before = taken[1]
        after = {**before, **fields}
        self._put(table, doc_id, after)
        self._record(table, doc_id, before, after)

    def replace(self, table: str, doc_id: int, document: dict) -> None:
        """Put `document` at `doc_id`, whether or not one is there (undo, redo, settling a guess)."""
        taken = self._take(table, doc_id)
        document = dict(document)
        self._put(table, doc_id, document)
        if self.id_range is None or doc_id in self.id_range:  # never into another computer's range
            self.next_ids[table] = max(self.next_ids.get(table, 1), doc_id + 1)
        self._record(table, doc_id, taken[1] if taken else None, document)

    def remove(self, table: str, doc_ids: list[int]) -> None:
        for doc_id in doc_ids:
            taken = self._take(table, doc_id)
            if taken is not None:
                self._record(table, doc_id, taken[1], None)

    def set_document(self, table: str, doc_id: int, document: dict | None) -> None:
        """Make `doc_id` hold `document`, or nothing (None): what undo and redo replay."""
        if document is None:
            self.remove(table, [doc_id])
        else:
            self.replace(table, doc_id, document)

    # -- the version it becomes -----------------------------------------------------------------------------------

    def shared_identities(self) -> dict[str, list[int]]:
        """Identities this change left claimed by more than one person (sync can merge in a second claimant;
        the CLI refuses one): identity -> their ids, smallest first."""
        shared = {}
        for key, ids in self.id_claims.items():
            claimants = self._claimants(key, ids)
            if claimants and len(claimants) > 1:
                shared[key] = claimants
        return shared

    def _claimants(self, key: str, ids: set[int]) -> list[int] | None:
        """Who claims `key` now, among those that did when the change began and those it changed; None when that
        is one person at most, whom the index already names (the usual case, and every import's)."""
        before = self.segment(ids_name(shard_of(key))).get(key)  # the one claimant when the change began
        candidates = ids | ({before} if before is not None else set())
        if len(candidates) == 1:
            return None
        found = []
        for person_id in sorted(candidates):
            person = self.people.get(person_id)
            if person is not None and key in {identity_key(*i) for i in identities_in(person)}:
                found.append(person_id)
        return found

    def _settle_index(self) -> None:
        """Each identity the change touched names its claimant, the smallest id if several claim it for now (the
        same on every computer), or nobody. Only a synced history can have two claimants (a merge brings one in);
        elsewhere the last one indexed is the only one."""
        if self.id_range is None:
            return
        for key, ids in self.id_claims.items():
            claimants = self._claimants(key, ids)
            if claimants is not None:
                self.id_overlay[key] = claimants[0] if claimants else None

    def written_parts(self) -> tuple[dict[str, dict], dict[str, dict]]:
        """What this change writes: the parts it rewrites whole (with the index shards they affect), and the
        patches of those it changed a few documents of."""
        self._settle_index()
        out: dict[str, dict] = {}
        patches: dict[str, dict] = {}
        for bucket, tables in self.working.items():
            by_part: dict[str, list[tuple[str, WorkingTable]]] = {}
            for table, working in tables.items():
                by_part.setdefault(part_name(table, bucket), []).append((table, working))
            for name, members in by_part.items():
                written = sum(working.changes for _, working in members)
                if not written:
                    continue
                if self._patches(name, members, written):
                    patches[name] = {table: working.written for table, working in members if working.changes}
                else:
                    out[name] = {table: working.documents for table, working in members if working.documents}
        out.update(self._index_segments())
        return out, patches

    def _patches(self, name: str, members: list[tuple[str, WorkingTable]], written: int) -> bool:
        """Whether a part's changes go into a patch rather than the part written again: when they are few, the
        part has room for one more patch, and it is not so small that writing it whole costs nothing."""
        manifest = self.manifest
        if manifest is None or manifest["format"] < SPLIT_LAYOUT or written > PATCH_DOCS:
            return False
        if len(patches_of(manifest, name)) >= PATCHES_PER_PART:
            return False
        read = [working for _, working in members if working.read]
        return not read or sum(len(working.documents) for working in read) > SMALL_PART

    def _index_segments(self) -> dict[str, dict]:
        out: dict[str, dict] = {}
        shards: dict[int, dict] = {}
        for key, person_id in self.id_overlay.items():
            shard = shard_of(key)
            if shard not in shards:
                shards[shard] = dict(self.segment(ids_name(shard)))
            if person_id is None:
                shards[shard].pop(key, None)
            else:
                shards[shard][key] = person_id
        out.update({ids_name(s): data for s, data in shards.items()})
        name_shards: dict[int, dict] = {}
        for name, changes in self.name_overlay.items():
            shard = shard_of(name)
            if shard not in name_shards:
                name_shards[shard] = {k: list(v) for k, v in self.segment(names_name(shard)).items()}
            ids = [i for i in name_shards[shard].get(name, []) if changes.get(i, True)]
            ids += [i for i, present in changes.items() if present and i not in ids]
            if ids:
                name_shards[shard][name] = sorted(ids)
            else:
                name_shards[shard].pop(name, None)
        out.update({names_name(s): data for s, data in name_shards.items()})
        return out

    def manifest_fields(self, now: str) -> dict:
        base = self.manifest or {}
        counts = {k: base.get("counts", {}).get(k, 0) + self.count_delta[k] for k in ("people", "interactions")}
        guesses = {via: list(buckets) for via, buckets in base.get("guesses", {}).items()}
        for bucket, data in self.working.items():
            if bucket not in self.guess_buckets and not any(bucket in b for b in guesses.values()):
                continue  # no record filed under a probable match came or went here
            present = {d["via"] for t in (INTERACTIONS, DISMISSED) for d in data.get(t, {}).values() if d.get("via")}
            for via in list(guesses):
                guesses[via] = [b for b in guesses[via] if b != bucket or via in present]
            for via in present:
                guesses.setdefault(via, []).append(bucket) if bucket not in guesses.get(via, []) else None
        return {
            "schema_version": SCHEMA_VERSION,
            "lineage": base.get("lineage") or str(uuid.uuid4()),
            "created": base.get("created") or now,
            "at": now,
            "description": self.description,
            "next_ids": self.next_ids,
            "counts": counts,
            "guesses": {via: sorted(b) for via, b in guesses.items() if b},
            "undoable": list(base.get("undoable", [])),
            "redoable": list(base.get("redoable", [])),
        }


class History:
    """The user's contact history. `read()` for a snapshot; `with change(...) as tx:` to modify it."""

    def __init__(self, files=None, legacy_file: Path | None = None):
        if files is None:
            files = FolderFiles(paths.history_dir())
            legacy_file = paths.legacy_history_path() if legacy_file is None else legacy_file
        self.files = files
        self.store = Store(files)
        self.legacy_file = legacy_file
        self._cached: tuple[tuple, Snapshot] | None = None
        self._last_pull = float("-inf")

    def sync_pull(self, every: float = 0.0, wait: float | None = None) -> dict | None:
        """Merge what other computers wrote to the sync folder, if this history syncs (and the last look is more
        than `every` seconds old; waiting at most `wait` seconds for another writer). None when it did not look."""
        snapshot = self.read()
        if "sync" not in (snapshot.manifest or {}) or time.monotonic() - self._last_pull < every:
            return None
        from .sync import engine

        self._last_pull = time.monotonic()
        return engine.pull(self, wait)

    @classmethod
    def in_memory(cls) -> History:
        return cls(MemoryFiles())

    @property
    def path(self) -> Path:
        return self.files.given

    # -- reading --------------------------------------------------------------------------------------------------

    def read(self) -> Snapshot:
        """The current version. Cheap when nothing changed since the last read (a long-lived host reads the
        small HEAD file, and only the parts a later version changed)."""
        for _ in range(3):
            signature = self.store.signature()
            if self._cached is not None and self._cached[0] == signature:
                return self._cached[1]
            try:
                manifest = self.store.head()
            except StaleSnapshot:
                continue
            if manifest is None:
                if self._legacy_waiting():
                    return self._migrate()
                return Snapshot(self.store, None, self.path, NO_FILE)
            snapshot = Snapshot(self.store, manifest, self.path)
            self._cached = (signature, snapshot)
            return snapshot
        raise HistoryCorrupted(self.path, "it kept changing while being read", None)

    def _legacy_waiting(self) -> bool:
        from . import legacy

        return legacy.present(self.legacy_file)

    def _migrate(self) -> Snapshot:
        from . import legacy

        found = SCHEMA_VERSION
        if isinstance(self.files, FolderFiles):
            legacy.folder_beside_link(self.legacy_file, self.files.given)
        with self.store.locked():
            if self.store.head() is None and self._legacy_waiting():  # another process may have migrated meanwhile
                found = legacy.migrate_into(self.store, self.legacy_file, to_iso(now_utc()))
        self._cached = None
        snapshot = self.read()
        snapshot.schema_found = found
        return snapshot

    # -- changing -------------------------------------------------------------------------------------------------

    @contextlib.contextmanager
    def change(self, description: str) -> Iterator[Transaction]:
        """One locked read-modify-write. Nothing is written if the block raises or changes nothing.
        `transaction.committed` is the version written (None when nothing changed)."""
        if self.store.head() is None and self._legacy_waiting():
            self._migrate()
        with self.store.locked():
            base = self.store.head()
            transaction = Transaction(self.store, base, self.path, description)
            transaction.committed = None
            yield transaction
            if transaction.changed:
                if transaction.to_scrub:
                    scrub.plan(self.store, transaction.to_scrub)
                transaction.committed = self._commit(transaction, undoable=True)
            scrub.finish(self.store, self.legacy_file)  # this change's, or one a killed writer left

    def _commit(self, transaction: Transaction, *, undoable: bool, stacks: dict | None = None,
                subject: dict | None = None, sync_state: dict | None = None) -> dict:
        now = to_iso(now_utc())
        sync_state = sync_state or (transaction.manifest or {}).get("sync")
        published = sync_fields = None
        if sync_state is not None:  # stamped and in the shared folder before it commits (sync/engine.py)
            from .sync import engine

            sync_fields, published = engine.on_commit(self, transaction, sync_state)
        fields = transaction.manifest_fields(now)
        if sync_fields is not None:
            fields["sync"] = sync_fields
        seq = (transaction.manifest or {}).get("seq", 0) + 1
        if stacks is not None:
            fields.update(stacks)
        elif undoable:
            fields["undoable"] = (fields["undoable"] + [seq])[-UNDO_DEPTH:]
            fields["redoable"] = []
        change = {"at": now, "description": transaction.description, "ops": transaction.ops}
        if subject is not None:  # an undo or a redo: the change it is about, for what it reports
            change["subject"] = subject
        try:
            segments, patches = transaction.written_parts()
            manifest = self.store.commit(transaction.manifest, segments, fields, change, patches=patches)
        except BaseException:
            if published is not None:
                published.withdraw()
            raise
        if sync_fields is not None and sync_fields.get("compact"):
            engine.compact(self, manifest)
        self._cached = None
        return manifest

    def _replay(self, description: str, *, undo: bool) -> dict:
        """Undo reverts the newest change on the undo stack; redo reverts the newest undo. Either way the version
        reverted is put back as it was before, from its record's `before` sides, as a new version whose own
        record reverts it in turn."""
        source, target = ("undoable", "redoable") if undo else ("redoable", "undoable")
        with self.store.locked():
            base = self.store.head()
            stack = (base or {}).get(source, [])
            if not stack:
                raise NothingToUndo(f"there is nothing to {'undo' if undo else 'redo'}")
            seq = stack[-1]
            change = self.store.change(seq)
            if change is None:
                raise NothingToUndo(f"the record of that change is gone; nothing to {'undo' if undo else 'redo'}")
            subject = change.get("subject") or {"description": change["description"], "at": change["at"]}
            transaction = Transaction(self.store, base, self.path, f"{description}: {subject['description']}")
            if not undo and change["ops"] and len(change["ops"][0]) == 4:
                # A record written before redo reverted undos ([table, id, before, after]): its after sides.
                for table, doc_id, _, after in change["ops"]:
                    transaction.set_document(table, doc_id, after)
            else:
                for op in reversed(change["ops"]):
                    transaction.set_document(op[0], op[1], op[2])
            reverted_by = base["seq"] + 1
            stacks = {source: stack[:-1], target: (base.get(target, []) + [reverted_by])[-UNDO_DEPTH:]}
            self._commit(transaction, undoable=False, stacks=stacks, subject=subject)
        return subject

    def _restore_synced(self, base: dict, chosen: dict) -> dict:
        """In a synced history a restore is a change like any other: each document that differs is put back as
        the chosen version had it, and that reaches the other computers. Only versions made since this computer
        joined: before, its documents had other ids."""
        if (chosen.get("sync") or {}).get("group") != base["sync"]["group"]:
            raise InvalidValue(f"version {chosen['seq']} is from before this computer joined sync (its people had "
                               "other ids); `acquaint sync off` first to restore it here alone")
        old = Snapshot(self.store, chosen, self.path)
        transaction = Transaction(self.store, base, self.path, f"restore version {chosen['seq']}")
        for bucket in range(BUCKETS):
            for table in BUCKET_TABLES:
                then, now = old.bucket(bucket).get(table, {}), transaction.bucket(bucket).get(table, {})
                for doc_id in sorted(then.keys() | now.keys(), key=int):
                    if then.get(doc_id) != now.get(doc_id):
                        transaction.set_document(table, int(doc_id), then.get(doc_id))
        manifest = self._commit(transaction, undoable=False, stacks={"undoable": [], "redoable": []})
        return {"restored": f"version {chosen['seq']}", "replaced": base["seq"], "version": manifest["seq"]}

    def _segments_of(self, manifest: dict) -> dict[str, dict]:
        """Every part of a version, whole (its patches applied; a bucket of format 4 split into its parts)."""
        old = Snapshot(self.store, manifest, self.path)
        segments = {name: self.store.segment(manifest, name) for name in manifest["segments"]
                    if bucket_of_part(name) is None}
        for bucket in range(BUCKETS):
            segments.update(parts_of_bucket(bucket, {table: old.bucket(bucket).get(table, {})
                                                     for table in SEGMENT_TABLES}))
        return segments

    def undo(self) -> dict:
        """Revert the newest change that is not undone yet; returns its record."""
        return self._replay("undo", undo=True)

    def redo(self) -> dict:
        """Make again the change the last undo reverted."""
        return self._replay("redo", undo=False)

    def versions(self) -> list[dict]:
        return self.store.versions()

    def restore(self, seq: int | None = None, legacy_data: dict | None = None, source: str = "") -> dict:
        """Make a kept version (or a history file from before the folder) current again, as a new version: the
        state it replaces stays restorable. Undo does not reach back across a restore."""
        from . import legacy

        with self.store.locked():
            try:
                base = self.store.head()
            except HistoryCorrupted:
                base = None
            versions = self.store.versions()
            latest = versions[0] if versions else None
            if legacy_data is not None:
                if (base or {}).get("sync") is not None:
                    raise InvalidValue("this history syncs with other computers: `acquaint sync off` first, then "
                                       "restore the old file, then `acquaint sync init` again")
                segments, fields = legacy.split(legacy_data)
                chosen = None
            else:
                chosen = next((m for m in versions if m["seq"] == seq), None) if seq else \
                    next((m for m in versions if self.store.readable(m)), None)
                if seq is None and base is not None and chosen is not None and chosen["seq"] == base["seq"]:
                    raise NothingToRestore(f"nothing to restore: the current version ({base['seq']}, "
                                           f"{base.get('description', '')}) reads whole; `acquaint restore --list` "
                                           "shows the others, `acquaint restore N` brings one back")
                if chosen is None or not self.store.readable(chosen):
                    raise InvalidValue(f"version {seq} is not one of the kept versions that read; "
                                       "`acquaint restore --list` shows them" if seq else
                                       "no kept version reads; `acquaint restore --list` shows what there is")
                if (base or {}).get("sync") is not None:
                    return self._restore_synced(base, chosen)
                segments = self._segments_of(chosen)
                fields = {k: chosen[k] for k in ("next_ids", "counts", "guesses", "created", "lineage")
                          if k in chosen}
            head = latest if base is None else base
            now = to_iso(now_utc())
            next_ids = {t: max(fields.get("next_ids", {}).get(t, 1), (head or {}).get("next_ids", {}).get(t, 1))
                        for t in (PEOPLE, INTERACTIONS, DISMISSED)}
            described = source or (f"version {chosen['seq']}" if chosen else "a history file")
            manifest_fields = {
                "schema_version": SCHEMA_VERSION, "lineage": (head or {}).get("lineage") or fields.get("lineage")
                or str(uuid.uuid4()), "created": fields.get("created") or now, "at": now,
                "description": f"restore {described}", "next_ids": next_ids, "counts": fields["counts"],
                "guesses": fields.get("guesses", {}), "undoable": [], "redoable": []}
            # Every part of every bucket is named, empty ones too: a part the head has only as patches, or one a
            # head of format 4 still keeps inside `people/<b>`, must not outlive the restore.
            whole = {f"{part}/{bucket}": {} for bucket in range(BUCKETS) for part in PARTS}
            replaced = {name: {} for name in [*(head or {}).get("segments", {}), *(head or {}).get("patches", {})]}
            segments = {**replaced, **whole, **segments}
            manifest = self.store.commit(head, segments, manifest_fields, None)
            self._cached = None
            return {"restored": described, "replaced": head["seq"] if head else None, "version": manifest["seq"]}
