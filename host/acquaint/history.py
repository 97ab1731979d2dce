"""The contact history: consistent snapshots to read, and changes made as one locked read-modify-write.

Every change goes through `History.change()`: take the inter-process lock, read the file, apply the
change to an in-memory TinyDB, record how to undo it, write the file back atomically, release the lock.
No other code path writes the history.
"""

from __future__ import annotations

import contextlib
import copy
import shutil
from collections import defaultdict
from functools import cached_property
from pathlib import Path
from typing import Iterator

from tinydb import TinyDB
from tinydb.storages import MemoryStorage
from tinydb.table import Document, Table

from . import paths
from .dates import now_utc, to_iso
from .errors import NothingToUndo
from .index import PeopleIndex
from .schema import DISMISSED, INTERACTIONS, META, META_ID, PEOPLE, SCHEMA_VERSION, UNDO, migrate, new_history
from .storage import SafeJSONStorage

UNDO_DEPTH = 20
NO_FILE = -1  # the schema version "found" when there is no history file yet


class _InMemory(MemoryStorage):
    """TinyDB storage over an already-loaded dict: TinyDB does the table work, we do the disk."""

    def __init__(self, data: dict):
        super().__init__()
        self.memory = data


class Snapshot:
    """The history as it was at one moment. Cheap lookups are built lazily and kept."""

    def __init__(self, data: dict, path: Path, schema_found: int):
        self.data = data
        self.path = path
        self.schema_found = schema_found
        self.db = TinyDB(data, storage=_InMemory)

    def table(self, name: str) -> Table:
        return self.db.table(name)

    @property
    def meta(self) -> dict:
        return self.data[META][META_ID]

    # The lookups below read the raw tables: TinyDB's Table.all() copies every document, which costs
    # seconds on a 300,000-interaction history, and a snapshot never changes under us.

    @cached_property
    def people(self) -> dict[int, dict]:
        return {int(doc_id): doc for doc_id, doc in self.data.get(PEOPLE, {}).items()}

    @cached_property
    def index(self) -> PeopleIndex:
        return PeopleIndex(self.people)

    @cached_property
    def interaction_ids_by_person(self) -> dict[int, list[str]]:
        """Document ids only: copying 300,000 interactions up front would cost a cold start ~0.3 s."""
        grouped: dict[int, list[str]] = defaultdict(list)
        for doc_id, interaction in self.data.get(INTERACTIONS, {}).items():
            grouped[interaction["person"]].append(doc_id)
        return grouped

    def interactions_of(self, person_id: int) -> list[dict]:
        """A person's interactions, oldest first, each a copy with its `id`."""
        table = self.data.get(INTERACTIONS, {})
        items = [{**table[doc_id], "id": int(doc_id)} for doc_id in self.interaction_ids_by_person.get(person_id, ())]
        items.sort(key=lambda item: item["at"])
        return items

    def all_interactions(self) -> list[dict]:
        return [{**interaction, "id": int(doc_id)} for doc_id, interaction in self.data.get(INTERACTIONS, {}).items()]

    @property
    def interaction_count(self) -> int:
        return len(self.data.get(INTERACTIONS, {}))

    @cached_property
    def interaction_keys(self) -> set[str]:
        return {i["key"] for i in self.data.get(INTERACTIONS, {}).values() if i.get("key")}

    @cached_property
    def dismissed_keys(self) -> set[str]:
        """Requests the user dismissed in the browser: they are not recorded as asks again."""
        return {doc["key"] for doc in self.data.get(DISMISSED, {}).values()}

    def undo_entries(self) -> list[dict]:
        entries = self.data.get(UNDO, {})
        return [entries[key] for key in sorted(entries, key=int, reverse=True)]


class Transaction(Snapshot):
    """A snapshot that can change. Each change is recorded so that `acquaint undo` can revert it."""

    def __init__(self, data: dict, path: Path, schema_found: int, description: str):
        super().__init__(data, path, schema_found)
        self.description = description
        self.inserted: dict[str, list[int]] = defaultdict(list)
        self.before: dict[str, dict[str, dict | None]] = defaultdict(dict)
        self.journaling = True
        self.signature_after: tuple | None = None

    @property
    def changed(self) -> bool:
        return bool(self.inserted or self.before) or not self.journaling

    def _invalidate(self) -> None:
        for name in ("people", "index", "interaction_ids_by_person", "interaction_keys", "dismissed_keys"):
            self.__dict__.pop(name, None)

    def _remember(self, table: str, doc_id: int) -> None:
        if not self.journaling or doc_id in self.inserted.get(table, ()):
            return
        key = str(doc_id)
        if key not in self.before[table]:
            current = self.data.get(table, {}).get(key)
            self.before[table][key] = copy.deepcopy(current)

    def insert(self, table: str, document: dict) -> int:
        doc_id = self.table(table).insert(document)
        if self.journaling:
            self.inserted[table].append(doc_id)
        if table == INTERACTIONS:
            self._note_new_interaction(doc_id, document)
        else:
            self._invalidate()
        return doc_id

    def _note_new_interaction(self, doc_id: int, document: dict) -> None:
        """Keep the interaction lookups current instead of rebuilding them over 300,000 documents."""
        if "interaction_ids_by_person" in self.__dict__:
            self.interaction_ids_by_person[document["person"]].append(str(doc_id))
        if "interaction_keys" in self.__dict__ and document.get("key"):
            self.interaction_keys.add(document["key"])

    def insert_many(self, table: str, documents: list[dict]) -> list[int]:
        doc_ids = self.table(table).insert_multiple(documents)
        if self.journaling:
            self.inserted[table].extend(doc_ids)
        self._invalidate()
        return doc_ids

    def update(self, table: str, doc_id: int, fields: dict) -> None:
        self._remember(table, doc_id)
        self.table(table).update(fields, doc_ids=[doc_id])
        self._invalidate()

    def replace(self, table: str, doc_id: int, document: dict) -> None:
        self._remember(table, doc_id)
        target = self.table(table)
        if target.contains(doc_id=doc_id):
            target.remove(doc_ids=[doc_id])
        target.insert(Document(document, doc_id=doc_id))
        self._invalidate()

    def remove(self, table: str, doc_ids: list[int]) -> None:
        existing = self.data.get(table, {})
        doc_ids = [d for d in doc_ids if str(d) in existing]
        if not doc_ids:
            return
        for doc_id in doc_ids:
            self._remember(table, doc_id)
        self.table(table).remove(doc_ids=doc_ids)
        self._invalidate()

    def undo_record(self, at: str) -> dict:
        return {
            "description": self.description,
            "at": at,
            "inserted": {table: ids for table, ids in self.inserted.items() if ids},
            "before": {table: docs for table, docs in self.before.items() if docs},
        }


class History:
    """The user's contact history. `read()` for a snapshot; `with change(...) as tx:` to modify it."""

    def __init__(self, storage: SafeJSONStorage | None = None):
        self.storage = storage if storage is not None else SafeJSONStorage(paths.history_path())

    @property
    def path(self) -> Path:
        return self.storage.path

    def _load(self) -> tuple[dict, int]:
        now = to_iso(now_utc())
        raw = self.storage.read()
        if raw is None:
            return new_history(now), NO_FILE
        return migrate(raw, self.path, now)

    def read(self) -> Snapshot:
        data, found = self._load()
        return Snapshot(data, self.path, found)

    @contextlib.contextmanager
    def change(self, description: str, base: tuple[tuple, Snapshot] | None = None) -> Iterator[Transaction]:
        """One locked read-modify-write. Nothing is written if the block raises or changes nothing.

        `base` is (signature, snapshot) that the caller holds: when the file under the lock still has that
        signature, the change starts from the snapshot's data (mutating it: the caller must drop it) instead
        of parsing the file again. `transaction.signature_after` is the signature of the file as written."""
        with self.storage.locked():
            if base is not None and base[0] == self.storage.signature():
                data, found = base[1].data, base[1].schema_found
            else:
                data, found = self._load()
            transaction = Transaction(data, self.path, found, description)
            yield transaction
            if transaction.changed:
                if transaction.journaling:
                    self._push_undo(transaction)
                self._keep_pre_migration_copy(found)
                self.storage.write(transaction.data)
            transaction.signature_after = self.storage.signature()

    def _push_undo(self, transaction: Transaction) -> None:
        undo = transaction.table(UNDO)
        undo.insert(transaction.undo_record(to_iso(now_utc())))
        entries = sorted(int(key) for key in transaction.data[UNDO])
        if len(entries) > UNDO_DEPTH:
            undo.remove(doc_ids=entries[: len(entries) - UNDO_DEPTH])

    def _keep_pre_migration_copy(self, found: int) -> None:
        """Before the first write in a newer schema, keep the old file as it was, once."""
        if found == NO_FILE or found == SCHEMA_VERSION or not self.path.exists():
            return
        keep = self.path.with_name(f"{self.path.name}.schema-v{found}")
        if not keep.exists():
            shutil.copy2(self.path, keep)

    def undo(self) -> dict:
        """Revert the newest recorded change; returns its undo record."""
        with self.change("undo") as transaction:
            entries = transaction.data.get(UNDO, {})
            if not entries:
                raise NothingToUndo("there is nothing to undo")
            newest = max(entries, key=int)
            record = entries[newest]
            transaction.journaling = False
            for table, doc_ids in record.get("inserted", {}).items():
                transaction.remove(table, doc_ids)
            for table, documents in record.get("before", {}).items():
                for doc_id, document in documents.items():
                    if document is None:
                        transaction.remove(table, [int(doc_id)])
                    else:
                        transaction.replace(table, int(doc_id), document)
            transaction.table(UNDO).remove(doc_ids=[int(newest)])
            return record
