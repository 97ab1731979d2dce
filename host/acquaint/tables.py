"""A bucket's tables as a snapshot or a change sees them: each table read from its part only when asked for.

A bucket's interactions are most of a history, and a sync merge of a thousand changes touches nearly every
bucket. It needs each bucket's sync metas and people, but of the interactions it only adds new ones: a
`WorkingTable` takes those writes without reading the table, and the commit writes them as a patch
(store.py). Anything that asks what a table holds (a lookup, a count, a loop) reads it first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, MutableMapping

from .layout import SEGMENT_TABLES

_MISSING = object()


class BucketView(Mapping):
    """table -> {id: document} for one bucket of a version, each table read on first use."""

    def __init__(self, read_table: Callable[[str], dict]):
        self._read_table = read_table

    def __getitem__(self, table: str) -> dict:
        if table not in SEGMENT_TABLES:
            raise KeyError(table)
        return self._read_table(table)

    def get(self, table: str, default=None):
        return self._read_table(table) if table in SEGMENT_TABLES else default

    def __iter__(self) -> Iterator[str]:
        return iter(SEGMENT_TABLES)

    def __len__(self) -> int:
        return len(SEGMENT_TABLES)


class WorkingTable(MutableMapping):
    """One table of a bucket that a change writes to: {id: document}, read from the version only when something
    asks what it holds. `written` is every id set (to its document) or removed (None) since the change began,
    while they are at most `patch_limit`: more would never make a patch, and an import's quarter of a million
    would be held twice. Past that the table is read, and `written` is None."""

    __slots__ = ("_read", "_documents", "written", "_patch_limit")

    def __init__(self, read: Callable[[], dict], patch_limit: int):
        self._read = read
        self._documents: dict | None = None
        self.written: dict[str, dict | None] | None = {}
        self._patch_limit = patch_limit

    @property
    def changes(self) -> int:
        """How many documents this change wrote here (any number over the patch limit, past it)."""
        return len(self.written) if self.written is not None else self._patch_limit + 1

    @property
    def documents(self) -> dict:
        """The whole table (read now if it was not): a copy of the version's with this change's writes."""
        if self._documents is None:
            documents = dict(self._read())
            for doc_id, doc in (self.written or {}).items():
                if doc is None:
                    documents.pop(doc_id, None)
                else:
                    documents[doc_id] = doc
            self._documents = documents
        return self._documents

    @property
    def read(self) -> bool:
        return self._documents is not None

    def __setitem__(self, doc_id: str, doc: dict) -> None:
        if self.written is None:
            self._documents[doc_id] = doc
            return
        self.written[doc_id] = doc
        if self._documents is not None:
            self._documents[doc_id] = doc
        if len(self.written) > self._patch_limit:
            self._many()

    def __delitem__(self, doc_id: str) -> None:
        del self.documents[doc_id]
        self._note(doc_id)

    def _note(self, doc_id: str) -> None:
        if self.written is not None:
            self.written[doc_id] = None
            if len(self.written) > self._patch_limit:
                self._many()

    def _many(self) -> None:
        self.documents  # noqa: B018 (read now: `written` no longer says what the version lacks)
        self.written = None

    def _known(self, doc_id: str):
        return _MISSING if self.written is None else self.written.get(doc_id, _MISSING)

    def __getitem__(self, doc_id: str) -> dict:
        written = self._known(doc_id)
        if written is _MISSING:
            return self.documents[doc_id]
        if written is None:
            raise KeyError(doc_id)
        return written

    def get(self, doc_id: str, default=None):
        written = self._known(doc_id)
        if written is _MISSING:
            return self.documents.get(doc_id, default)
        return default if written is None else written

    def __contains__(self, doc_id) -> bool:
        written = self._known(doc_id)
        if written is _MISSING:
            return doc_id in self.documents
        return written is not None

    def pop(self, doc_id: str, *default):
        if doc_id not in self and default:
            return default[0]
        doc = self.documents.pop(doc_id)
        self._note(doc_id)
        return doc

    def __iter__(self) -> Iterator[str]:
        return iter(self.documents)

    def __len__(self) -> int:
        return len(self.documents)

    def keys(self):
        return self.documents.keys()

    def items(self):
        return self.documents.items()

    def values(self):
        return self.documents.values()


def working_bucket(read_table: Callable[[str], dict], patch_limit: int) -> dict[str, WorkingTable]:
    return {table: WorkingTable(lambda table=table: read_table(table), patch_limit) for table in SEGMENT_TABLES}
