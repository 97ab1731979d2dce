"""Reading protocol requests: every field checked, every problem a ProtocolError naming the field.

See docs/PROTOCOL.md for the shapes. Page text arrives here; it is only ever treated as data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import AcquaintError, InvalidHandle
from .handles import identity_from_url, normalize_linkedin, normalize_x, normalize_x_id

PROTOCOL_VERSION = 1
PLATFORMS = ("linkedin", "x")
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
    if isinstance(value, str) and len(value) > MAX_ID_CHARS:
        return None
    return value


def check_id(message: dict) -> None:
    if "id" not in message:
        raise bad("every request needs an 'id' (a string or a number) for its response to echo")
    if request_id(message) is None:
        raise bad(f"'id' must be a string of at most {MAX_ID_CHARS} characters or a whole number")


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
    return value


def object_field(container: dict, name: str, *, required: bool = True) -> dict:
    value = container.get(name)
    if value is None and not required:
        return {}
    if not isinstance(value, dict):
        raise bad(f"'{name}' must be an object")
    return value


@dataclass(frozen=True)
class PersonRef:
    """Who a request is about, as the page told it. `identities` are normalised, most reliable first."""

    platform: str
    identities: tuple[tuple[str, str], ...]
    name: str

    @property
    def display_name(self) -> str:
        if self.name.strip():
            return " ".join(self.name.split())[:200]
        kind, value = self.identities[0]
        return f"@{value}" if kind == "x" else value


def platform_field(message: dict) -> str:
    platform = message.get("platform")
    if platform not in PLATFORMS:
        raise bad(f"'platform' must be one of {', '.join(PLATFORMS)}")
    return platform


def person_ref(message: dict) -> PersonRef:
    platform = platform_field(message)
    person = object_field(message, "person")
    handle = text_field(person, "handle", "person.")
    x_id = person.get("id")
    if isinstance(x_id, int) and not isinstance(x_id, bool):
        raise bad("'person.id' must be a string: X user ids are larger than JavaScript numbers can hold")
    x_id = text_field(person, "id", "person.")
    url = text_field(person, "url", "person.")
    name = text_field(person, "name", "person.")
    identities: list[tuple[str, str]] = []
    try:
        if platform == "x":
            if x_id:
                identities.append(("x_id", normalize_x_id(x_id)))
            if handle:
                identities.append(("x", normalize_x(handle)))
        else:
            if x_id:
                raise bad("'person.id' is for X user ids; LinkedIn people are named by 'handle' or 'url'")
            if handle:
                identities.append(("linkedin", normalize_linkedin(handle)))
        if url:
            found = identity_from_url(url)
            expected = "linkedin" if platform == "linkedin" else "x"
            if found is None or found[0] != expected:
                raise bad(f"'person.url' is not a {platform} profile URL")
            if found not in identities:
                identities.append(found)
    except InvalidHandle as error:
        raise bad(f"'person': {error}") from None
    if not identities:
        raise bad("'person' needs at least one of 'handle', 'id' (X) or 'url'")
    return PersonRef(platform, tuple(identities), name)


@dataclass(frozen=True)
class PageRequest:
    text: str
    url: str
    hints: tuple[str, ...] = field(default_factory=tuple)
    group: bool = False


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
    return PageRequest(text, url, tuple(hints), group)


def bool_field(message: dict, name: str, default: bool) -> bool:
    value = message.get(name, default)
    if not isinstance(value, bool):
        raise bad(f"'{name}' must be true or false")
    return value
