"""The one-file history of Acquaint 0.1 and 0.2 (`history.json`, TinyDB's JSON), and moving it into the folder.

On first use the file is read (any schema version, migrated in memory by schema.py), checked document by
document, split into the folder's segments (layout.py) as its first version, and kept beside it as
`history.json.migrated`. A history.json that is a link (into a synced folder) has its folder made beside the
link's target, and linked from the data folder, so that the history stays where the user keeps it.
"""

from __future__ import annotations

import os
import uuid
from collections import defaultdict
from pathlib import Path

from .encoding import loads
from .errors import HistoryCorrupted, HistoryMissing
from .layout import (
    BUCKET_TABLES,
    DISMISSED,
    INTERACTIONS,
    PEOPLE,
    Malformed,
    bucket_of,
    check_table,
    identities_in,
    identity_key,
    ids_name,
    names_in,
    names_name,
    parts_of_bucket,
    shard_of,
)
from .schema import META, SCHEMA_VERSION, UNDO, migrate

MIGRATED_SUFFIX = ".migrated"


def leftovers(path: Path) -> list[Path]:
    """Copies of a one-file history beside where it was, newest first: its backups and the migrated file."""
    names = [f"{path.name}{MIGRATED_SUFFIX}", *(f"{path.name}.bak-{n}" for n in range(1, 6))]
    found = [path.with_name(n) for n in names if path.with_name(n).exists()]
    return found + sorted(path.parent.glob(f"{path.name}.replaced-*"), reverse=True)


def newest_good(path: Path) -> Path | None:
    for candidate in leftovers(path):
        try:
            read(candidate)
        except HistoryCorrupted:
            continue
        return candidate
    return None


def present(path: Path | None) -> bool:
    """Whether a one-file history waits to be migrated. Its copies without it mean it is gone, not that there
    was never one: refused, so that a new empty history does not hide them."""
    if path is None:
        return False
    if path.exists():
        return True
    if leftovers(path):
        good = newest_good(path)
        raise HistoryMissing(path, good.name if good else None)
    return False


def read(path: Path) -> tuple[dict, int]:
    """The file's tables at the current document schema, and the schema version it was written in."""
    try:
        raw = path.read_bytes()
    except IsADirectoryError:
        raise HistoryCorrupted(path, "it is a folder, not a file", None) from None
    except OSError as error:
        raise HistoryCorrupted(path, f"it cannot be read: {error.strerror or error}", None) from None
    try:
        data = loads(raw)
        if not isinstance(data, dict) or not all(isinstance(table, dict) for table in data.values()):
            raise Malformed("not an Acquaint history: expected an object of tables")
        version = data.get(META, {}).get("1", {}).get("schema_version", 0)
        if isinstance(version, bool) or not isinstance(version, int):
            raise Malformed(f"its schema version {version!r} is not a number")
        migrated, found = migrate(data, path, "1970-01-01T00:00:00Z")
        for table in BUCKET_TABLES:
            check_table(table, migrated.get(table, {}))
    except (ValueError, Malformed) as error:
        raise HistoryCorrupted(path, str(error), None) from None
    return migrated, found


def split(data: dict) -> tuple[dict[str, dict], dict]:
    """A one-file history as the folder's segments, and the manifest fields that go with them."""
    buckets: dict[int, dict] = defaultdict(lambda: {table: {} for table in BUCKET_TABLES})
    ids: dict[int, dict] = defaultdict(dict)
    names: dict[int, dict] = defaultdict(dict)
    guesses: dict[str, set] = defaultdict(set)
    for doc_id, person in data.get(PEOPLE, {}).items():
        person_id = int(doc_id)
        buckets[bucket_of(person_id)][PEOPLE][doc_id] = person
        for identity in identities_in(person):
            key = identity_key(*identity)
            ids[shard_of(key)][key] = person_id
        for name in set(names_in(person)):
            names[shard_of(name)].setdefault(name, []).append(person_id)
    for table in (INTERACTIONS, DISMISSED):
        for doc_id, doc in data.get(table, {}).items():
            bucket = bucket_of(doc["person"])
            buckets[bucket][table][doc_id] = doc
            if doc.get("via"):
                guesses[doc["via"]].add(bucket)
    segments = {name: part for b, tables in buckets.items()
                for name, part in parts_of_bucket(b, tables).items() if part}
    segments.update({ids_name(s): shard for s, shard in ids.items()})
    segments.update({names_name(s): {n: sorted(set(p)) for n, p in shard.items()} for s, shard in names.items()})
    segments.update({f"extra/{table}": docs for table, docs in data.items()
                     if table not in (*BUCKET_TABLES, META, UNDO) and docs})
    next_ids = {table: max((int(i) for i in data.get(table, {})), default=0) + 1 for table in BUCKET_TABLES}
    fields = {"next_ids": next_ids, "guesses": {via: sorted(b) for via, b in guesses.items()},
              "counts": {"people": len(data.get(PEOPLE, {})), "interactions": len(data.get(INTERACTIONS, {}))},
              "created": data.get(META, {}).get("1", {}).get("created")}
    return segments, fields


def migrate_into(store, path: Path, now: str) -> int:
    """Make the file the folder's first version and keep it as history.json.migrated; the schema version found."""
    data, found = read(path)
    segments, fields = split(data)
    fields.update({"schema_version": SCHEMA_VERSION, "lineage": str(uuid.uuid4()), "at": now,
                   "created": fields["created"] or now, "description": f"moved from {path.name} into the folder",
                   "undoable": [], "redoable": [], "migrated_from": {"file": path.name, "schema_version": found}})
    store.commit(None, segments, fields, None)
    os.replace(path, path.with_name(path.name + MIGRATED_SUFFIX))
    return found


def folder_beside_link(path: Path, folder: Path) -> None:
    """A history.json that links elsewhere (a synced folder): put the history folder beside its target, and
    link to it from where Acquaint looks, so that the history stays where the user keeps it."""
    if path.is_symlink() and not folder.exists() and not folder.is_symlink():
        target = path.resolve().parent / folder.name
        target.mkdir(parents=True, exist_ok=True)
        folder.parent.mkdir(parents=True, exist_ok=True)
        folder.symlink_to(target, target_is_directory=True)
