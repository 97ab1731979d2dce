"""Which segment of the history folder holds what, and what a well-formed document looks like.

The history is split so that a change rewrites only what it touches and a lookup reads only what it needs:

- `people/<b>`: the people whose id % BUCKETS (256) is b, with their dismissed requests (and, in a synced
  history, what sync knows of the people and dismissed requests whose id falls in bucket b, and the
  interactions that wait for a person who is not in the history);
- `interactions/<b>`: those people's interactions, the bulk of a history;
- `sync/<b>` (a synced history only): what sync knows of each interaction whose id falls in bucket b;
- `ids/<s>`: identity ("linkedin:jane-doe", "x_id:17…") -> person id, for the identities that hash to s;
- `names/<s>`: folded name or alias -> person ids, for the names that hash to s.

Until format 5 `people/<b>` held the whole bucket: a version of that format is read as it is, and the next
commit writes it split (store.py).

A part may also have *patches*: small segments of the documents a commit wrote or removed (null), applied over
the part in order, so that a change of a few documents in many buckets (a sync merge, a day of asks) writes a
few small files rather than every bucket again.

Every document is checked when its segment is read: a history that parses as JSON but has the wrong shape is
refused, naming the first bad record, before anything uses it or writes over it.
"""

from __future__ import annotations

import unicodedata
import zlib
from functools import lru_cache

from .dates import from_iso
from .kinds import DIRECTIONS, KINDS
from .schema import DISMISSED, INTERACTIONS, PEOPLE

BUCKETS = 256
BUCKET_TABLES = (PEOPLE, INTERACTIONS, DISMISSED)
# Only in a synced history (sync/local.py): what sync knows of each document whose id falls in the bucket
# (sync/crdt.py), by "p12", "d3" (people and dismissed requests) and "i40" (interactions, in a table of their
# own); and the interactions that wait for a person who is not in the history.
SYNC_TABLE = "sync"
INTERACTION_SYNC_TABLE = "sync_interactions"
META_TABLES = (SYNC_TABLE, INTERACTION_SYNC_TABLE)
ASIDE_TABLE = "aside"
SEGMENT_TABLES = (*BUCKET_TABLES, *META_TABLES, ASIDE_TABLE)
# The part of a bucket that holds each table: interactions (most of a history) and their metas (a third of a
# synced one) apart, so that a merge, which mostly adds interactions and edits people, reads the people and
# their metas without parsing every interaction or its meta.
PART_OF = {PEOPLE: "people", DISMISSED: "people", ASIDE_TABLE: "people", SYNC_TABLE: "people",
           INTERACTIONS: "interactions", INTERACTION_SYNC_TABLE: "sync"}
PARTS = ("people", "interactions", "sync")
CLOSENESS_VALUES = (None, "stranger", "acquaintance", "established")


@lru_cache(maxsize=65536)  # a name is folded for the index, for matching, for sorting: the same names again
def fold(text: str) -> str:
    """Case- and accent-insensitive form, so `jose` finds `José` and `MÜLLER` finds `Müller`."""
    if text.isascii():  # most names: nothing to decompose (NFKD leaves ASCII as it is), five times quicker
        return text.lower()
    return unicodedata.normalize("NFKD", text).translate(_WITHOUT_ACCENTS).casefold()


class _AccentRemover(dict):
    """A str.translate table that drops combining marks, each character looked up once (per process)."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_WITHOUT_ACCENTS = _AccentRemover()


def bucket_of(person_id: int) -> int:
    return person_id % BUCKETS


def shard_of(text: str) -> int:
    """A stable shard for a key (crc32: the same in every process and on every machine)."""
    return zlib.crc32(text.encode("utf-8")) % BUCKETS


def bucket_name(bucket: int) -> str:
    return f"people/{bucket}"


def part_name(table: str, bucket: int) -> str:
    return f"{PART_OF[table]}/{bucket}"


def meta_table(key: str) -> str:
    """The table that holds the meta of "p12", "d3" or "i40"."""
    return INTERACTION_SYNC_TABLE if key[0] == "i" else SYNC_TABLE


def metas_by_table(metas: dict) -> dict[str, dict]:
    """Metas of every kind (as layout format 4 kept them, in one table) split into their tables."""
    split: dict[str, dict] = {table: {} for table in META_TABLES}
    for key, meta in metas.items():
        split[meta_table(key)][key] = meta
    return split


def bucket_of_part(name: str) -> int | None:
    """The bucket a part belongs to ("interactions/12" -> 12); None for an index shard or another segment."""
    kind, _, number = name.partition("/")
    return int(number) if kind in PARTS and number.isdecimal() else None


def parts_of_bucket(bucket: int, tables: dict) -> dict[str, dict]:
    """A whole bucket's tables as its parts, each with only its non-empty tables ({} for a part with none: it
    is removed from the version)."""
    parts: dict[str, dict] = {f"{part}/{bucket}": {} for part in PARTS}
    tables = dict(tables)
    if tables.get(SYNC_TABLE) and any(key[0] == "i" for key in tables[SYNC_TABLE]):
        split = metas_by_table(tables[SYNC_TABLE])  # format 4, or a whole history built with all metas together
        tables[SYNC_TABLE] = split[SYNC_TABLE]
        tables[INTERACTION_SYNC_TABLE] = {**tables.get(INTERACTION_SYNC_TABLE, {}), **split[INTERACTION_SYNC_TABLE]}
    for table, documents in tables.items():
        if documents:
            parts[part_name(table, bucket)][table] = documents
    return parts


def ids_name(shard: int) -> str:
    return f"ids/{shard}"


def names_name(shard: int) -> str:
    return f"names/{shard}"


def identity_key(kind: str, value: str) -> str:
    return f"{kind}:{value}"


def identities_in(person: dict) -> list[tuple[str, str]]:
    found = [(kind, value) for kind, values in person.get("handles", {}).items() for value in values]
    return found + [("email", email) for email in person.get("emails", [])]


def names_in(person: dict) -> list[str]:
    return [fold(name) for name in [person.get("name", ""), *person.get("aliases", [])] if name]


# -- shapes -----------------------------------------------------------------------------------------------------

class Malformed(ValueError):
    """A record that is not what Acquaint writes; the message names it."""


def _strings(value, what: str) -> None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise Malformed(f"{what} must be a list of strings")


def _text(value, what: str, *, optional: bool = False) -> None:
    if not (isinstance(value, str) or optional and value is None):
        raise Malformed(f"{what} must be text")


def check_person(doc: object, where: str) -> None:
    if not isinstance(doc, dict):
        raise Malformed(f"{where} is not an object")
    _text(doc.get("name"), f"{where}: 'name'")
    handles = doc.get("handles")
    if not isinstance(handles, dict):
        raise Malformed(f"{where}: 'handles' must be an object of lists")
    for kind, values in handles.items():
        _strings(values, f"{where}: 'handles.{kind}'")
    for field in ("emails", "aliases", "tags", "not_identities"):
        _strings(doc.get(field, []), f"{where}: '{field}'")
    _text(doc.get("notes", ""), f"{where}: 'notes'")
    if doc.get("closeness") not in CLOSENESS_VALUES:
        raise Malformed(f"{where}: 'closeness' must be one of stranger, acquaintance, established or null")
    if not isinstance(doc.get("ignored", False), bool):
        raise Malformed(f"{where}: 'ignored' must be true or false")
    if not isinstance(doc.get("give_first_off", False), bool):
        raise Malformed(f"{where}: 'give_first_off' must be true or false")
    if doc.get("give_first_snoozed_until") is not None:
        _moment(doc["give_first_snoozed_until"], f"{where}: 'give_first_snoozed_until'")


def _moment(value, what: str) -> None:
    if isinstance(value, str) and len(value) == 20 and value[4] == "-" and value[10] == "T" and value[19] == "Z" \
            and value[:4].isdigit():
        year = int(value[:4])  # the form Acquaint writes: no need to parse the rest to know the year
    else:
        try:
            year = from_iso(value).year
        except (TypeError, ValueError, AttributeError):
            raise Malformed(f"{what} must be a UTC time like 2026-11-26T10:00:00Z") from None
    if not 1900 <= year <= 9999:
        raise Malformed(f"{what} is outside 1900 to 9999")


def _written_by_acquaint(doc: dict) -> bool:
    """An interaction exactly as Acquaint writes one, checked in one expression: an import checks a quarter of a
    million. Anything else goes through every check below, which name what is wrong."""
    at = doc.get("at")
    return (type(doc.get("person")) is int and doc.get("kind") in KINDS and doc.get("direction") in DIRECTIONS
            and type(at) is str and len(at) == 20 and at[4] == "-" and at[10] == "T" and at[19] == "Z"
            and at[:4].isdigit() and "1900" <= at[:4] and type(doc.get("note", "")) is str
            and type(doc.get("source", "")) is str and type(doc.get("key", "")) in _TEXT_OR_NONE
            and type(doc.get("via", "")) in _TEXT_OR_NONE)


_TEXT_OR_NONE = (str, type(None))


def check_interaction(doc: object, where: str) -> None:
    if type(doc) is dict and _written_by_acquaint(doc):
        return
    if not isinstance(doc, dict):
        raise Malformed(f"{where} is not an object")
    if isinstance(doc.get("person"), bool) or not isinstance(doc.get("person"), int):
        raise Malformed(f"{where}: 'person' must be a person's id")
    if doc.get("kind") not in KINDS:
        raise Malformed(f"{where}: 'kind' must be one of {', '.join(KINDS)}")
    if doc.get("direction") not in DIRECTIONS:
        raise Malformed(f"{where}: 'direction' must be one of {', '.join(DIRECTIONS)}")
    _moment(doc.get("at"), f"{where}: 'at'")
    _text(doc.get("note", ""), f"{where}: 'note'")
    _text(doc.get("source", ""), f"{where}: 'source'")
    _text(doc.get("key"), f"{where}: 'key'", optional=True)
    _text(doc.get("via"), f"{where}: 'via'", optional=True)


def check_dismissal(doc: object, where: str) -> None:
    if not isinstance(doc, dict):
        raise Malformed(f"{where} is not an object")
    _text(doc.get("key"), f"{where}: 'key'")
    if isinstance(doc.get("person"), bool) or not isinstance(doc.get("person"), int):
        raise Malformed(f"{where}: 'person' must be a person's id")


CHECKS = {PEOPLE: check_person, INTERACTIONS: check_interaction, DISMISSED: check_dismissal}
SINGULAR = {PEOPLE: "person", INTERACTIONS: "interaction", DISMISSED: "dismissed request"}


def check_table(table: str, documents: object, *, patch: bool = False) -> None:
    """`patch`: a patch's table, where null marks a document removed."""
    if not isinstance(documents, dict):
        raise Malformed(f"table '{table}' is not an object of documents")
    check = CHECKS[table]
    for doc_id, doc in documents.items():
        if not doc_id.isdecimal():
            raise Malformed(f"{SINGULAR[table]} id {doc_id[:20]!r} is not a number")
        if doc is not None or not patch:
            check(doc, f"{SINGULAR[table]} #{doc_id}")


def check_segment(name: str, data: object, *, patch: bool = False) -> None:
    """A segment's documents have the shape their kind needs; Malformed names the first that does not."""
    if not isinstance(data, dict):
        raise Malformed("not an object")
    kind = name.split("/", 1)[0]
    if kind == "patch":  # a commit's patches: part -> the documents it wrote (null: removed)
        for part, content in data.items():
            if bucket_of_part(part) is None:
                raise Malformed(f"a patch of {part[:40]!r}, which is not a part of a bucket")
            check_segment(part, content, patch=True)
    elif kind in PARTS:
        for table in BUCKET_TABLES:
            check_table(table, data.get(table, {}), patch=patch)
        for table in (*META_TABLES, ASIDE_TABLE):
            kept = data.get(table, {})
            if not isinstance(kept, dict) or not all(isinstance(doc, dict) or patch and doc is None
                                                     for doc in kept.values()):
                raise Malformed(f"table '{table}' is not an object of objects")
    elif kind == "ids":
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in data.values()):
            raise Malformed("an identity points to something that is not a person's id")
    elif kind == "names":
        if not all(isinstance(v, list) and all(isinstance(i, int) for i in v) for v in data.values()):
            raise Malformed("a name points to something that is not a list of person ids")
