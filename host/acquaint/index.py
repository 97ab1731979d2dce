"""Lookups from an identity or a name to a person id, built once from a snapshot of the people table."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from functools import cached_property


def fold(text: str) -> str:
    """Case- and accent-insensitive form, so `jose` finds `José` and `MÜLLER` finds `Müller`."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


class PeopleIndex:
    def __init__(self, people: dict[int, dict]):
        self.people = people
        self.by_identity: dict[tuple[str, str], int] = {}
        for person_id, person in people.items():
            for kind, values in person.get("handles", {}).items():
                for value in values:
                    self.by_identity[(kind, value)] = person_id
            for email in person.get("emails", []):
                self.by_identity[("email", email)] = person_id

    @cached_property
    def by_name(self) -> dict[str, list[int]]:
        """Folded name -> ids. Built on first use: the browser host never looks people up by name."""
        names: dict[str, list[int]] = defaultdict(list)
        for person_id, person in self.people.items():
            for name in [person.get("name", ""), *person.get("aliases", [])]:
                if name:
                    names[fold(name)].append(person_id)
        return names

    def find(self, kind: str, value: str) -> int | None:
        return self.by_identity.get((kind, value))

    def exact_name(self, name: str) -> list[int]:
        return sorted(set(self.by_name.get(fold(name), [])))

    def name_contains(self, text: str) -> list[int]:
        needle = fold(text)
        return sorted({pid for name, ids in self.by_name.items() if needle in name for pid in ids})
