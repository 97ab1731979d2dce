"""The history's schema version and the migrations that bring every earlier version up to date."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from .errors import HistoryTooNew

SCHEMA_VERSION = 3

PEOPLE, INTERACTIONS, META, UNDO, DISMISSED = "people", "interactions", "meta", "undo", "dismissed"
META_ID = "1"

PERSON_DEFAULTS = {
    "name": "",
    "handles": {},
    "emails": [],
    "aliases": [],
    "notes": "",
    "tags": [],
    "closeness": None,
    "ignored": False,
    "not_identities": [],
    "give_first_snoozed_until": None,
    "give_first_off": False,
    "created": None,
    "updated": None,
}


def version_of(data: dict) -> int:
    """Version 0 is a history without a meta table: a bare TinyDB file, `{}`, or one written by hand."""
    meta = data.get(META, {}).get(META_ID, {})
    version = meta.get("schema_version", 0)
    return version if isinstance(version, int) else 0


def new_history(created: str) -> dict:
    return {
        META: {META_ID: {"schema_version": SCHEMA_VERSION, "created": created}},
        PEOPLE: {},
        INTERACTIONS: {},
        UNDO: {},
        DISMISSED: {},
    }


def _from_0(data: dict, now: str) -> dict:
    """A bare TinyDB file: add the tables and meta, and give hand-written people every field.
    Tables Acquaint does not know (TinyDB's `_default`, say) are kept as they are."""
    migrated = dict(data)
    for table in (PEOPLE, INTERACTIONS, UNDO):
        migrated.setdefault(table, {})
    people = {}
    # The person fields of version 1, spelled out: a migration must not change when the defaults do.
    version_1_fields = {"name": "", "handles": {}, "emails": [], "aliases": [], "notes": "", "tags": [],
                        "closeness": None, "created": None, "updated": None}
    for doc_id, person in migrated[PEOPLE].items():
        full = {**version_1_fields, **person}
        full["created"] = full["created"] or now
        full["updated"] = full["updated"] or now
        people[doc_id] = full
    migrated[PEOPLE] = people
    migrated[META] = {META_ID: {"schema_version": 1, "created": now}}
    return migrated


def _from_1(data: dict, now: str) -> dict:
    """Version 2: a person can be ignored (the browser shows no hint for them), and requests the user
    dismissed are remembered so that they are not recorded again."""
    migrated = dict(data)
    migrated[PEOPLE] = {doc_id: {**person, "ignored": False} for doc_id, person in data[PEOPLE].items()}
    migrated[DISMISSED] = {}
    migrated[META] = {META_ID: {**data[META][META_ID], "schema_version": 2}}
    return migrated


def _from_2(data: dict, now: str) -> dict:
    """Version 3: a person remembers identities the user said are *not* theirs (a LinkedIn member id
    shown with their name that belongs to someone else), so that the same guess is not offered again."""
    migrated = dict(data)
    migrated[PEOPLE] = {doc_id: {"not_identities": [], **person} for doc_id, person in data[PEOPLE].items()}
    migrated[META] = {META_ID: {**data[META][META_ID], "schema_version": 3}}
    return migrated


# MIGRATIONS[n] turns version n into version n + 1. Add one with every schema change, never edit one.
MIGRATIONS: dict[int, Callable[[dict, str], dict]] = {0: _from_0, 1: _from_1, 2: _from_2}


def migrate(data: dict, path: Path, now: str) -> tuple[dict, int]:
    """The data at SCHEMA_VERSION, and the version it was found at."""
    found = version_of(data)
    if found > SCHEMA_VERSION:
        raise HistoryTooNew(path, found, SCHEMA_VERSION)
    for version in range(found, SCHEMA_VERSION):
        data = MIGRATIONS[version](data, now)
    return data, found
