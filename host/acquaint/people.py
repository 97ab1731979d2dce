"""The rules for people: adding, identities that belong to one person only, editing, merging, naming."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .dates import to_iso
from .errors import AmbiguousPerson, Conflict, InvalidHandle, InvalidValue, UnknownPerson
from .guesses import rekey_ask
from .handles import IDENTITY_KINDS, display, identity_from_url, linkedin_identity, normalize
from .index import fold
from .kinds import CLOSENESS_LEVELS
from .schema import DISMISSED, INTERACTIONS, PEOPLE, PERSON_DEFAULTS

if TYPE_CHECKING:  # for annotations only: the history is not loaded to use these
    from .history import Snapshot, Transaction

# Names given to people known only by an id or a handle (X archives have no names); a real name replaces them.
PLACEHOLDER_PREFIXES = ("X user ", "@")


def is_placeholder_name(name: str) -> bool:
    return name.startswith(PLACEHOLDER_PREFIXES)

Identity = tuple[str, str]  # (kind, normalised value), kind in IDENTITY_KINDS


def label(person_id: int, person: dict) -> str:
    return f"{person['name']} (#{person_id})"


def identities_of(person: dict) -> list[Identity]:
    found = [(kind, value) for kind in IDENTITY_KINDS if kind != "email" for value in person["handles"].get(kind, [])]
    return found + [("email", email) for email in person["emails"]]


def _clean_list(values) -> list[str]:
    seen: list[str] = []
    for value in values or []:
        value = str(value).strip()
        if value and value not in seen:
            seen.append(value)
    return seen


def _check_closeness(closeness: str | None) -> str | None:
    if closeness is not None and closeness not in CLOSENESS_LEVELS:
        raise InvalidValue(f"closeness is one of {', '.join(CLOSENESS_LEVELS)} (or 'auto'), not {closeness!r}")
    return closeness


def add_person(
    tx: Transaction,
    name: str,
    identities: list[Identity] = (),
    *,
    note: str = "",
    tags=(),
    aliases=(),
    closeness: str | None = None,
    now,
) -> int:
    name = (name or "").strip()
    if not name:
        raise InvalidValue("a person needs a name")
    person = new_person_document(name, to_iso(now), note=note.strip())
    person.update(aliases=_clean_list(aliases), tags=_clean_list(tags), closeness=_check_closeness(closeness))
    _claim(tx, None, identities)
    attach_identities(person, identities)
    return tx.insert(PEOPLE, person)


def new_person_document(name: str, stamp: str, note: str = "") -> dict:
    """A person as stored, with nothing known but a name (add_person and imports start from it)."""
    return {**PERSON_DEFAULTS, "name": name, "handles": {}, "emails": [], "aliases": [], "tags": [],
            "not_identities": [], "notes": note, "created": stamp, "updated": stamp}


def with_identities(person: dict, identities: list[Identity]) -> dict:
    """`handles` and `emails` of `person` with `identities` added (new lists: stored documents are shared)."""
    updated = {"handles": {k: list(v) for k, v in person["handles"].items()}, "emails": list(person["emails"])}
    attach_identities(updated, identities)
    return updated


def _claim(tx: Snapshot, person_id: int | None, identities: list[Identity]) -> None:
    """An identity belongs to one person: refuse one that is someone else's."""
    for kind, value in identities:
        owner = tx.index.find(kind, value)
        if owner is not None and owner != person_id:
            raise Conflict(
                f"{display(kind, value)} already belongs to {label(owner, tx.people[owner])}; if that is "
                f"the same person, add to them (`acquaint alias {owner} ...`) or merge (`acquaint merge {owner} ...`)"
            )


def attach_identities(person: dict, identities: list[Identity]) -> None:
    """Add identities to a person document being built, each once."""
    for kind, value in identities:
        bucket = person["emails"] if kind == "email" else person["handles"].setdefault(kind, [])
        if value not in bucket:
            bucket.append(value)


def add_identities(tx: Transaction, person_id: int, identities: list[Identity], aliases=(), *, now) -> None:
    person = tx.people[person_id]
    _claim(tx, person_id, identities)
    updated = with_identities(person, identities)
    updated["aliases"] = _clean_list([*person["aliases"], *aliases])
    tx.update(PEOPLE, person_id, {**updated, "updated": to_iso(now)})


def remove_identities(tx: Transaction, person_id: int, identities: list[Identity], aliases=(), *, now) -> None:
    person = tx.people[person_id]
    handles = {k: [v for v in values if (k, v) not in identities] for k, values in person["handles"].items()}
    emails = [e for e in person["emails"] if ("email", e) not in identities]
    missing = [display(k, v) for k, v in identities if (k, v) not in identities_of(person)]
    missing += [a for a in aliases if a not in person["aliases"]]
    if missing:
        raise InvalidValue(f"{label(person_id, person)} has no {', '.join(missing)}")
    remaining_aliases = [a for a in person["aliases"] if a not in aliases]
    tx.update(
        PEOPLE,
        person_id,
        {"handles": {k: v for k, v in handles.items() if v}, "emails": emails, "aliases": remaining_aliases,
         "updated": to_iso(now)},
    )


def edit_person(
    tx: Transaction,
    person_id: int,
    *,
    name: str | None = None,
    note: str | None = None,
    add_tags=(),
    remove_tags=(),
    closeness: str | None = None,
    clear_closeness: bool = False,
    now,
) -> None:
    person = tx.people[person_id]
    fields: dict = {}
    if name is not None:
        if not name.strip():
            raise InvalidValue("a person needs a name")
        fields["name"] = name.strip()
    if note is not None:
        fields["notes"] = note.strip()
    if add_tags or remove_tags:
        unknown = [t for t in remove_tags if t not in person["tags"]]
        if unknown:
            raise InvalidValue(f"{label(person_id, person)} has no tag {', '.join(unknown)}")
        fields["tags"] = [t for t in _clean_list([*person["tags"], *add_tags]) if t not in remove_tags]
    if closeness is not None:
        fields["closeness"] = _check_closeness(closeness)
    if clear_closeness:
        fields["closeness"] = None
    if not fields:
        raise InvalidValue("nothing to change; see `acquaint edit --help`")
    tx.update(PEOPLE, person_id, {**fields, "updated": to_iso(now)})


def remove_person(tx: Transaction, person_id: int) -> int:
    """Remove a person and their interactions; returns how many interactions went with them."""
    interaction_ids = [i["id"] for i in tx.interactions_of(person_id)]
    tx.remove(INTERACTIONS, interaction_ids)
    tx.remove(PEOPLE, [person_id])
    return len(interaction_ids)


def merge_people(tx: Transaction, keep_id: int, drop_id: int, *, now) -> int:
    """Fold `drop` into `keep`: identities, aliases (drop's name too), tags, notes, interactions."""
    if keep_id == drop_id:
        raise InvalidValue("cannot merge a person with themselves")
    keep, drop = tx.people[keep_id], tx.people[drop_id]
    moved = [i["id"] for i in tx.interactions_of(drop_id)]
    identities = identities_of(drop)
    aliases = [drop["name"], *drop["aliases"]]
    notes = "\n".join(n for n in (keep["notes"], drop["notes"]) if n)
    merged = {
        "handles": {k: list(v) for k, v in keep["handles"].items()},
        "emails": list(keep["emails"]),
        "aliases": [a for a in _clean_list([*keep["aliases"], *aliases]) if a != keep["name"]],
        "tags": _clean_list([*keep["tags"], *drop["tags"]]),
        "notes": notes,
        "closeness": keep["closeness"] or drop["closeness"],
        "created": min(keep["created"], drop["created"]),
        "updated": to_iso(now),
    }
    attach_identities(merged, identities)
    # An ask's key and a dismissed request's key name the person: rewritten, the same request opened again is
    # known as the kept person's, and what was dismissed stays dismissed.
    for interaction in tx.interactions_of(drop_id):
        tx.update(INTERACTIONS, interaction["id"],
                  {"person": keep_id, "key": rekey_ask(interaction.get("key"), keep_id)})
    for dismissal_id, dismissal in tx.dismissed_of(drop_id):
        tx.replace(DISMISSED, dismissal_id,
                   {**dismissal, "person": keep_id, "key": rekey_ask(dismissal["key"], keep_id)})
    tx.remove(PEOPLE, [drop_id])
    tx.merged_into[drop_id] = keep_id  # sync moves what another computer adds to drop meanwhile (sync/apply.py)
    tx.update(PEOPLE, keep_id, merged)
    return len(moved)


def parse_identity(kind: str, raw: str) -> Identity:
    if kind == "linkedin":  # a member id given where a profile was asked for is still that person
        return linkedin_identity(raw)
    return kind, normalize(kind, raw)


_PREFIXES = {"linkedin": "linkedin", "li": "linkedin", "linkedin-id": "linkedin_id", "x": "x", "twitter": "x",
             "x-id": "x_id", "xid": "x_id", "email": "email", "mailto": "email"}


def resolve(snapshot: Snapshot, reference: str) -> int:
    """A person id from `#12`, `12`, `id:12`, `linkedin:jane-doe`, `x:@jane`, `x-id:17…`, `email:…`,
    a profile URL, `@jane`, or a unique part of a name or alias."""
    text = str(reference).strip()
    if not text:
        raise UnknownPerson("name a person: an id like #12, a handle like x:@jane, or part of a name")
    by_id = text.lstrip("#")
    if by_id.lower().startswith("id:"):
        by_id = by_id[3:]
    if by_id.isdecimal():
        person_id = int(by_id)
        if person_id in snapshot.people:
            return person_id
        raise UnknownPerson(f"there is no person #{person_id}; `acquaint list` shows everyone")
    identity = _identity_in(text)
    if identity:
        found = snapshot.index.find(*identity)
        if found is None:
            raise UnknownPerson(f"nobody in your history has {display(*identity)}; add them with `acquaint add`")
        return found
    return _resolve_name(snapshot, text)


def _identity_in(text: str) -> Identity | None:
    prefix, colon, rest = text.partition(":")
    if colon and prefix.lower() in _PREFIXES and not rest.startswith("//"):
        return parse_identity(_PREFIXES[prefix.lower()], rest)
    if text.startswith("@"):
        return parse_identity("x", text)
    if "@" in text and " " not in text:
        return parse_identity("email", text)
    return identity_from_url(text)


def _resolve_name(snapshot: Snapshot, text: str) -> int:
    exact = snapshot.index.exact_name(text)
    if len(exact) == 1:
        return exact[0]
    matches = exact or snapshot.index.name_contains(text)
    if not matches:
        guesses = _close_names(snapshot, text)
        hint = f"did you mean {' or '.join(guesses)}? " if guesses else ""
        raise UnknownPerson(f"nobody in your history is called {text!r}; {hint}`acquaint find {text}` searches "
                            "everything")
    if len(matches) > 1:
        shown = [label(pid, snapshot.people[pid]) for pid in matches[:10]]
        if len(matches) > 10:
            shown.append(f"and {len(matches) - 10} more")
        raise AmbiguousPerson(text, shown)
    return matches[0]


def _close_names(snapshot: Snapshot, text: str) -> list[str]:
    """Up to three people whose name, or a word of it, is spelt like `text` ("jnae" → Jane Doe (#1)): read
    only on the way to an error, so every name may be read."""
    import difflib  # only on the way to an error

    wanted = fold(text)
    by_word: dict[str, set[int]] = {}
    for person_id, person in snapshot.people.items():
        for name in (person["name"], *person.get("aliases", [])):
            for word in {fold(name), *fold(name).split()}:
                by_word.setdefault(word, set()).add(person_id)
    close = difflib.get_close_matches(wanted, by_word, n=3, cutoff=0.7)
    found = list(dict.fromkeys(pid for word in close for pid in sorted(by_word[word])))[:3]
    return [label(pid, snapshot.people[pid]) for pid in found]


def search(snapshot: Snapshot, query: str) -> list[int]:
    """People a query may mean, best first: the one holding it as a handle, URL or email, then exact names,
    then names containing it. For choosing among them; `resolve` is for naming exactly one."""
    text = " ".join(str(query).split())
    if not text:
        return []
    found: list[int] = []
    try:
        identity = _identity_in(text)
    except InvalidHandle:
        identity = None
    if identity and snapshot.index.find(*identity) is not None:
        found.append(snapshot.index.find(*identity))
    if text.lstrip("#").isdecimal() and int(text.lstrip("#")) in snapshot.people:
        found.append(int(text.lstrip("#")))
    found += snapshot.index.exact_name(text) + snapshot.index.name_contains(text)
    return list(dict.fromkeys(found))


def parse_identities(linkedin=(), x=(), x_id=(), email=(), linkedin_id=()) -> list[Identity]:
    """The identity options of a command, normalised; InvalidHandle names the first bad one."""
    given = {"linkedin": linkedin, "linkedin_id": linkedin_id, "x": x, "x_id": x_id, "email": email}
    return [parse_identity(kind, raw) for kind in IDENTITY_KINDS for raw in given[kind] or ()]
