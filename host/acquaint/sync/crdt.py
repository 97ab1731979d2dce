"""How one document's changes from several computers combine: the same result from the same changes, in any
order, however often each arrives.

Each document has, in the bucket of its id (sync/local.py), what sync needs to know about it (its *meta*):

    {"d": stamp,            the stamp of every field not listed in "f"
     "f": {field: stamp},   fields written at another stamp (a field that was removed keeps its stamp here)
     "n": stamp,            when it was last created (or brought back by an undo)
     "x": stamp,            when it was last removed
     "m": person id,        a person only: removed by `acquaint merge` into this person
     "s": {field: value},   what a removed document still holds (see below), or one too incomplete to show
     "p": person id}        an interaction or a dismissed request: where its document is (sync/local.py)

A stamp (stamps.py) orders every change of every computer. The rules:

- **a field takes the value of its newest write** (last writer wins). A person's handles are one field per
  platform (`handles/x`, `handles/linkedin`…), so a handle added on the laptop and another added on the
  desktop both stay;
- **a document exists when its newest creation is newer than its newest removal.** An edit never brings a
  removed document back: a removal wins over any edit that did not see it. Only a creation made after seeing
  the removal does (an undo of the removal: a new change, with a newer stamp);
- an interaction or a dismissed request is shown only while its person exists.

A removed document keeps only what was written after its removal (a write that had not seen it, which a later
undo of the removal may still be older than): the rest could only come back through a creation, which writes
every field anew. So the text of a removed document leaves the meta with it. A person removed by a merge keeps
everything: if two computers merged two people into each other, one of them comes back (sync/apply.py).

`merge()` is a pure function of the document, its meta and what arrives: commutative, associative and
idempotent, which is what makes every computer end with the same history.
"""

from __future__ import annotations

# The fields each table's documents have: a field missing from a document is "not set", which is a value too.
FIELDS = {
    "people": ("name", "emails", "aliases", "notes", "tags", "closeness", "ignored", "not_identities",
               "give_first_snoozed_until", "give_first_off", "created", "updated"),
    "interactions": ("person", "kind", "direction", "at", "note", "source", "key", "recorded", "via"),
    "dismissed": ("key", "person", "at", "via"),
}
HANDLES = "handles/"
PLATFORM_KINDS = ("linkedin", "linkedin_id", "x", "x_id")


def flatten(table: str, doc: dict) -> dict:
    """A document as sync's fields: a person's handles become one field per platform."""
    if table != "people" or "handles" not in doc:
        return dict(doc)
    flat = {key: value for key, value in doc.items() if key != "handles"}
    flat.update((HANDLES + kind, values) for kind, values in doc["handles"].items())
    return flat


def unflatten(table: str, flat: dict) -> dict:
    if table != "people":
        return dict(flat)
    doc = {key: value for key, value in flat.items() if not key.startswith(HANDLES)}
    doc["handles"] = {key[len(HANDLES):]: value for key, value in flat.items() if key.startswith(HANDLES)}
    return doc


def universe(table: str, *flats: dict) -> set[str]:
    """Every field a write may have set or unset: the known ones and whatever the documents hold."""
    names = set(FIELDS[table])
    if table == "people":
        names.update(HANDLES + kind for kind in PLATFORM_KINDS)
    for flat in flats:
        names.update(flat)
    return names


_KNOWN = {table: frozenset(universe(table)) for table in FIELDS}


def exists(meta: dict) -> bool:
    return meta.get("n", "") > meta.get("x", "")


def field_stamp(meta: dict, field: str) -> str:
    return meta.get("f", {}).get(field, meta.get("d", ""))


def _set_stamp(meta: dict, field: str, stamp: str) -> None:
    overrides = meta.setdefault("f", {})
    if stamp == meta.get("d", ""):
        overrides.pop(field, None)
    else:
        overrides[field] = stamp
    if not overrides:
        del meta["f"]


# -- a change made here ------------------------------------------------------------------------------------------

def stamp_local(table: str, meta: dict | None, before: dict | None, after: dict | None, stamp: str,
                merged_into: int | None = None) -> dict:
    """The meta of a document this computer changed from `before` to `after` (None: absent), at `stamp`."""
    meta = dict(meta or {})
    if "f" in meta:
        meta["f"] = dict(meta["f"])
    meta.pop("s", None)
    if after is None:
        removed = {key: meta[key] for key in ("n",) if key in meta}
        removed["x"] = stamp
        if merged_into is not None:  # kept: if two computers merged two people into each other, one comes back
            removed["m"] = merged_into
            removed["s"] = flatten(table, before or {})
        return removed
    new = flatten(table, after)
    if before is None:
        # Created, or brought back: every field, set or not, is this write's (a stamp newer than the removal).
        kept = {"x": meta["x"]} if "x" in meta else {}
        if "m" in meta:
            kept["m"] = meta["m"]
        return {"d": stamp, "n": stamp, **kept}
    old = flatten(table, before)
    for field in universe(table, old, new):
        if old.get(field, _UNSET) != new.get(field, _UNSET):
            _set_stamp(meta, field, stamp)
    return meta


_UNSET = object()


# -- what is sent --------------------------------------------------------------------------------------------------

def delta_of(table: str, flat: dict, meta: dict, device: str, since: str) -> dict | None:
    """What this device wrote to a document after `since`, as sent to the others: None if nothing.
    `flat` is the document's fields (or its shadow while absent)."""
    delta: dict = {}
    if "f" not in meta and exists(meta):
        # Every field at one stamp (a document created and not edited since: most of them): sent whole.
        mine = ()
        if _by(meta.get("d", ""), device, since):
            delta["w"] = [[meta["d"], dict(sorted(flat.items())), sorted(_KNOWN[table] - flat.keys())]]
    else:
        fields = universe(table, flat, meta.get("f", {})) if exists(meta) or "f" in meta else ()
        mine = [field for field in fields if _by(field_stamp(meta, field), device, since)]
    if _by(meta.get("n", ""), device, since):
        delta["n"] = meta["n"]
    if _by(meta.get("x", ""), device, since):
        delta["x"] = meta["x"]
        if "m" in meta:
            delta["m"] = meta["m"]
    if mine:
        groups: dict[str, tuple[dict, list]] = {}
        for field in sorted(mine):
            values, unset = groups.setdefault(field_stamp(meta, field), ({}, []))
            if field in flat:
                values[field] = flat[field]
            else:
                unset.append(field)
        delta["w"] = [[stamp, values, unset] for stamp, (values, unset) in sorted(groups.items())]
    return delta or None


def _by(stamp: str, device: str, since: str) -> bool:
    return stamp > since and stamp.endswith(device)


# -- what arrives --------------------------------------------------------------------------------------------------

def merge(flat: dict, meta: dict, delta: dict) -> tuple[dict, dict]:
    """The document's fields and meta once `delta` (another computer's delta_of) is taken in."""
    groups = delta.get("w", ())
    if not meta and len(groups) == 1 and "x" not in delta and _KNOWN[TABLE_OF[delta["t"]]] <= \
            groups[0][1].keys() | set(groups[0][2]):
        # A document new here, sent whole at one stamp (a creation, a joining computer's history): the general
        # case below gives the same fields and the same stamps, field by field.
        stamp, values, _ = groups[0]
        return dict(values), ({"d": stamp, "n": delta["n"]} if "n" in delta else {"d": stamp})
    flat, meta = dict(flat), dict(meta)
    if "f" in meta:
        meta["f"] = dict(meta["f"])
    meta.pop("s", None)
    for stamp, values, unset in delta.get("w", ()):
        for field, value in values.items():
            if stamp > field_stamp(meta, field):
                flat[field] = value
                _set_stamp(meta, field, stamp)
        for field in unset:
            if stamp > field_stamp(meta, field):
                flat.pop(field, None)
                _set_stamp(meta, field, stamp)
    if delta.get("n", "") > meta.get("n", ""):
        meta["n"] = delta["n"]
    if delta.get("x", "") > meta.get("x", ""):
        meta["x"] = delta["x"]
        meta.pop("m", None)
        if "m" in delta:
            meta["m"] = delta["m"]
    return flat, meta


def settle(table: str, flat: dict, meta: dict) -> tuple[dict, dict]:
    """A removed document without what its removal made moot: only fields written after it stay (all of a person
    merged into another, who may have to come back: sync/apply.py)."""
    if exists(meta) or "m" in meta:
        return flat, meta
    removal = meta.get("x", "")
    stamps = {field: field_stamp(meta, field) for field in universe(table, flat, meta.get("f", {}))}
    later = {field: stamp for field, stamp in stamps.items() if stamp > removal}
    kept = {key: meta[key] for key in ("n", "x", "m") if key in meta}
    if later:
        kept["f"] = later
    return {field: value for field, value in flat.items() if field in later}, kept


def check_delta(delta: object) -> None:
    """A delta as delta_of makes it; ValueError names what is not."""
    if not isinstance(delta, dict) or delta.get("t") not in TABLE_OF or type(delta.get("i")) is not int:
        raise ValueError("a change without its table and document id")
    for key in ("n", "x"):
        if key in delta and not _is_stamp(delta[key]):
            raise ValueError(f"a change's '{key}' is not a stamp")
    if "m" in delta and type(delta["m"]) is not int:
        raise ValueError("a change's 'm' is not a person's id")
    for group in delta.get("w", ()):
        if not (isinstance(group, list) and len(group) == 3 and _is_stamp(group[0]) and isinstance(group[1], dict)
                and isinstance(group[2], list) and all(isinstance(f, str) for f in group[2])):
            raise ValueError("a change's fields are not [stamp, values, unset]")


def _is_stamp(value: object) -> bool:
    return isinstance(value, str) and 17 <= len(value) <= 64


TABLE_OF = {"p": "people", "i": "interactions", "d": "dismissed"}
LETTER_OF = {table: letter for letter, table in TABLE_OF.items()}
