"""Reading protocol requests: every field checked, every problem a ProtocolError naming the field.

See docs/PROTOCOL.md for the shapes. Page text arrives here; it is only ever treated as data.
"""

from __future__ import annotations

from .errors import AcquaintError, InvalidHandle, quote
from .handles import (
    identity_from_url,
    linkedin_identity,
    normalize_linkedin,
    normalize_linkedin_member_id,
    normalize_x,
    normalize_x_id,
)
from .refs import CONTEXTS, PageRequest, PersonRef, Relation

PROTOCOL_VERSION = 2
# "web": a request from outside LinkedIn and X (text the user selected on any page); it names people only
# by their id in the history.
PLATFORMS = ("linkedin", "x", "web")
LINKEDIN_DEGREES = (1, 2, 3)
MAX_ID_CHARS = 64
MAX_TEXT_CHARS = 20_000
MAX_STRING_CHARS = 2_000
MAX_HINTS = 20
MAX_HINT_CHARS = 64


class ProtocolError(AcquaintError):
    """A request the host cannot answer; `code` is the protocol's error code (docs/PROTOCOL.md)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def bad(message: str) -> ProtocolError:
    return ProtocolError("bad_request", message)


def request_id(message: dict) -> str | int | None:
    """The id to echo; None when it is missing or unusable (the error then says so)."""
    value = message.get("id")
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    if isinstance(value, str) and (len(value) > MAX_ID_CHARS or not is_unicode(value)):
        return None
    if isinstance(value, int) and len(str(abs(value))) > MAX_ID_CHARS:
        return None
    return value


def is_unicode(text: str) -> bool:
    """False for text holding a lone surrogate (JSON can carry one, e.g. from Firefox's JSON.stringify of a
    cut string): it can be neither stored nor shown."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def describe(value, limit: int = 60) -> str:
    """A short, safe description of a value from a request, for an error message: never the whole of a
    megabyte string or a deeply nested list."""
    if isinstance(value, str):
        return quote(value, limit)
    if value is None or isinstance(value, (bool, float)) or (isinstance(value, int) and abs(value) < 10**limit):
        return repr(value)
    return f"a {type(value).__name__}"


def check_id(message: dict) -> None:
    if "id" not in message:
        raise bad("every request needs an 'id' (a string or a number) for its response to echo")
    if request_id(message) is None:
        raise bad(f"'id' must be a string or a whole number of at most {MAX_ID_CHARS} characters")


def text_field(container: dict, name: str, where: str, *, required: bool = False, limit: int = MAX_STRING_CHARS,
               default: str = "") -> str:
    value = container.get(name)
    if value is None:
        if required:
            raise bad(f"'{where}{name}' is required")
        return default
    if not isinstance(value, str):
        raise bad(f"'{where}{name}' must be a string")
    if len(value) > limit:
        raise bad(f"'{where}{name}' is {len(value)} characters; the limit is {limit}")
    if not is_unicode(value):
        raise bad(f"'{where}{name}' holds an unpaired surrogate (not valid Unicode text)")
    return value


def object_field(container: dict, name: str, *, required: bool = True) -> dict:
    value = container.get(name)
    if value is None and not required:
        return {}
    if not isinstance(value, dict):
        raise bad(f"'{name}' must be an object")
    return value


def platform_field(message: dict) -> str:
    platform = message.get("platform")
    if platform not in PLATFORMS:
        raise bad(f"'platform' must be one of {', '.join(PLATFORMS)}")
    return platform


def relation_field(person: dict, platform: str) -> Relation:
    relation = person.get("relation")
    if relation is None:
        return Relation()
    if not isinstance(relation, dict):
        raise bad("'person.relation' must be an object")
    unknown = set(relation) - {"linkedin_degree", "follows_you"}
    if unknown:
        raise bad(f"'person.relation' has unknown fields: {', '.join(sorted(unknown))}")
    degree = relation.get("linkedin_degree")
    if degree is not None and (platform != "linkedin" or isinstance(degree, bool) or degree not in LINKEDIN_DEGREES):
        raise bad("'person.relation.linkedin_degree' is 1, 2 or 3, and only for LinkedIn")
    follows = relation.get("follows_you")
    if follows is not None and (platform != "x" or not isinstance(follows, bool)):
        raise bad("'person.relation.follows_you' is true or false, and only for X")
    return Relation(degree, follows)


def _history_id(person: dict) -> int | None:
    value = person.get("history_id")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2**53:
        raise bad("'person.history_id' must be a positive whole number")
    return value


def person_ref(message: dict) -> PersonRef:
    platform = platform_field(message)
    person = object_field(message, "person")
    handle = text_field(person, "handle", "person.")
    x_id = person.get("id")
    if isinstance(x_id, int) and not isinstance(x_id, bool):
        raise bad("'person.id' must be a string: X user ids are larger than JavaScript numbers can hold")
    x_id = text_field(person, "id", "person.")
    member_id = text_field(person, "member_id", "person.")
    claimed = text_field(person, "claimed_handle", "person.")
    url = text_field(person, "url", "person.")
    name = text_field(person, "name", "person.")
    history_id = _history_id(person)
    relation = relation_field(person, platform)
    identities: list[tuple[str, str]] = []
    claims: list[tuple[str, str]] = []
    try:
        if platform == "x":
            if member_id or claimed:
                raise bad("'person.member_id' and 'person.claimed_handle' are for LinkedIn")
            if x_id:
                identities.append(("x_id", normalize_x_id(x_id)))
            if handle:
                identities.append(("x", normalize_x(handle)))
        elif platform == "linkedin":
            if x_id:
                raise bad("'person.id' is for X user ids; LinkedIn people are named by 'handle', 'member_id' or 'url'")
            if member_id:
                identities.append(("linkedin_id", normalize_linkedin_member_id(member_id)))
            if handle:
                identities.append(linkedin_identity(handle))
            if claimed:
                claims.append(("linkedin", normalize_linkedin(claimed)))
        elif handle or x_id or member_id or url:
            raise bad("platform 'web' names people only by 'person.history_id'")
        if url:
            found = identity_from_url(url)
            if found is None or not found[0].startswith(platform):
                raise bad(f"'person.url' is not a {platform} profile URL")
            identities.append(found)
    except InvalidHandle as error:
        raise bad(f"'person': {error}") from None
    if not identities and history_id is None and not name.strip():
        raise bad("'person' needs at least one of 'handle', 'member_id' (LinkedIn), 'id' (X), 'url' or 'history_id' "
                  "(or, where the page shows nothing else, a 'name')")
    return PersonRef.named(platform, identities, name, relation=relation, history_id=history_id,
                           claims=tuple(c for c in claims if c not in identities))


def page_request(message: dict, *, required: bool = True) -> PageRequest:
    request = object_field(message, "request", required=required)
    text = text_field(request, "text", "request.", limit=MAX_TEXT_CHARS)
    url = text_field(request, "url", "request.")
    hints = request.get("hints", [])
    if not isinstance(hints, list) or len(hints) > MAX_HINTS:
        raise bad(f"'request.hints' must be a list of at most {MAX_HINTS} strings")
    for hint in hints:
        if not isinstance(hint, str) or len(hint) > MAX_HINT_CHARS:
            raise bad(f"each of 'request.hints' must be a string of at most {MAX_HINT_CHARS} characters")
    group = request.get("group", False)
    if not isinstance(group, bool):
        raise bad("'request.group' must be true or false")
    context = request.get("context", "conversation")
    if context not in CONTEXTS:
        raise bad(f"'request.context' must be one of {', '.join(CONTEXTS)}")
    return PageRequest(text, url, tuple(hints), group, context)


def bool_field(message: dict, name: str, default: bool) -> bool:
    value = message.get(name, default)
    if not isinstance(value, bool):
        raise bad(f"'{name}' must be true or false")
    return value
