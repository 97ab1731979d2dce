"""Lookups from an identity or a name to a person id, built once from a snapshot of the people table."""

from __future__ import annotations

import unicodedata
from collections import defaultdict


def fold(text: str) -> str:
    """Case- and accent-insensitive form, so `jose` finds `José` and `MÜLLER` finds `Müller`."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


class PeopleIndex:
    def __init__(self, people: dict[int, dict]):
        self.people = people
        self.by_identity: dict[tuple[str, str], int] = {}
        self.by_name: dict[str, list[int]] = defaultdict(list)
        for person_id, person in people.items():
            self.add(person_id, person)

    def add(self, person_id: int, person: dict) -> None:
        for kind, values in person.get("handles", {}).items():
            for value in values:
                self.by_identity[(kind, value)] = person_id
        for email in person.get("emails", []):
            self.by_identity[("email", email)] = person_id
        for name in [person.get("name", ""), *person.get("aliases", [])]:
            if name:
                self.by_name[fold(name)].append(person_id)

    def find(self, kind: str, value: str) -> int | None:
        return self.by_identity.get((kind, value))

    def exact_name(self, name: str) -> list[int]:
        return sorted(set(self.by_name.get(fold(name), [])))

    def name_contains(self, text: str) -> list[int]:
        needle = fold(text)
        return sorted({pid for name, ids in self.by_name.items() if needle in name for pid in ids})
