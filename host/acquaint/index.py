"""Lookups from an identity or a name to a person id, read from the index shards of a version (layout.py), with
the changes a transaction has made so far laid over them."""

from __future__ import annotations

from .layout import BUCKETS, fold, identity_key, ids_name, names_name, shard_of

__all__ = ["SegmentIndex", "fold"]


class SegmentIndex:
    def __init__(self, snapshot):
        self.snapshot = snapshot

    def _id_overlay(self) -> dict:
        return getattr(self.snapshot, "id_overlay", {})

    def _name_overlay(self) -> dict:
        return getattr(self.snapshot, "name_overlay", {})

    def find(self, kind: str, value: str) -> int | None:
        key = identity_key(kind, value)
        overlay = self._id_overlay()
        if key in overlay:
            return overlay[key]
        return self.snapshot.segment(ids_name(shard_of(key))).get(key)

    def _ids_of_name(self, folded: str, stored: list[int]) -> list[int]:
        changes = self._name_overlay().get(folded, {})
        ids = [i for i in stored if changes.get(i, True)]
        return sorted(set(ids) | {i for i, present in changes.items() if present})

    def exact_name(self, name: str) -> list[int]:
        folded = fold(name)
        return self._ids_of_name(folded, self.snapshot.segment(names_name(shard_of(folded))).get(folded, []))

    def name_contains(self, text: str) -> list[int]:
        """Everyone whose name or alias contains `text` (reads every name shard: for the CLI and searches)."""
        needle = fold(text)
        found: set[int] = set()
        for shard in range(BUCKETS):
            for name, ids in self.snapshot.segment(names_name(shard)).items():
                if needle in name:
                    found.update(self._ids_of_name(name, ids))
        for name in self._name_overlay():
            if needle in name:
                found.update(self._ids_of_name(name, self.snapshot.segment(names_name(shard_of(name))).get(name, [])))
        return sorted(found)

    @property
    def by_identity(self) -> dict[tuple[str, str], int]:
        """Every identity and its person (reads every identity shard: for imports)."""
        found: dict[tuple[str, str], int] = {}
        for shard in range(BUCKETS):
            for key, person_id in self.snapshot.segment(ids_name(shard)).items():
                kind, _, value = key.partition(":")
                found[(kind, value)] = person_id
        for key, person_id in self._id_overlay().items():
            kind, _, value = key.partition(":")
            if person_id is None:
                found.pop((kind, value), None)
            else:
                found[(kind, value)] = person_id
        return found
