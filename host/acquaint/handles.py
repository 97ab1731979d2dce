"""Normalising LinkedIn and X handles, X user ids and emails, so that every spelling of one person matches."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from .errors import InvalidHandle

# The identity kinds a person can hold, in the order they are shown.
IDENTITY_KINDS = ("linkedin", "x", "x_id", "email")

# LinkedIn vanity names are 3–100 letters, digits and hyphens; older ones and non-Latin ones contain
# other word characters, so accept any Unicode word character plus hyphen.
_LINKEDIN_VANITY = re.compile(r"^[\w-]{2,100}$")
_X_HANDLE = re.compile(r"^[A-Za-z0-9_]{1,15}$")
# X user ids exceed 2^53; they stay strings everywhere.
_X_ID = re.compile(r"^[0-9]{1,20}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

_X_HOSTS = {"x.com", "twitter.com", "mobile.twitter.com", "mobile.x.com", "www.x.com", "www.twitter.com"}
# First path segments on x.com that are pages, not people.
_X_RESERVED = {
    "home", "messages", "i", "search", "explore", "settings", "notifications", "compose", "intent",
    "share", "login", "logout", "signup", "tos", "privacy", "hashtag", "account", "jobs", "download",
}


def _split_url(raw: str):
    text = raw if "://" in raw else "https://" + raw
    parts = urlsplit(text)
    host = (parts.hostname or "").lower()
    segments = [unquote(s) for s in parts.path.split("/") if s]
    return host, segments


def _is_linkedin_host(host: str) -> bool:
    return host == "linkedin.com" or host.endswith(".linkedin.com")


def normalize_linkedin(raw: str) -> str:
    """`https://www.linkedin.com/in/Jane-Doe-4a1b2c/?trk=x`, `linkedin.com/in/jane-doe-4a1b2c`,
    `in/jane-doe-4a1b2c` and `jane-doe-4a1b2c` all give `jane-doe-4a1b2c`."""
    text = str(raw).strip()
    vanity = text
    if "/" in text or "linkedin." in text.lower():
        if text.lower().startswith("in/"):
            text = "linkedin.com/" + text
        host, segments = _split_url(text)
        if not _is_linkedin_host(host) or len(segments) < 2 or segments[0].lower() != "in":
            raise InvalidHandle(
                f"{raw!r} is not a LinkedIn profile; give a URL like "
                "https://www.linkedin.com/in/jane-doe-4a1b2c or the name after /in/"
            )
        vanity = segments[1]
    vanity = vanity.strip().lower()
    if not _LINKEDIN_VANITY.fullmatch(vanity):
        raise InvalidHandle(
            f"{raw!r} is not a LinkedIn profile name; it has letters, digits and hyphens, "
            "like jane-doe-4a1b2c"
        )
    return vanity


def normalize_x(raw: str) -> str:
    """`@JaneDoe`, `janedoe`, `https://x.com/janedoe` and `twitter.com/JaneDoe` all give `janedoe`."""
    text = str(raw).strip()
    handle = text
    if "/" in text or "." in text:
        host, segments = _split_url(text)
        if host not in _X_HOSTS or not segments:
            raise InvalidHandle(
                f"{raw!r} is not an X profile; give a handle like @janedoe or a URL like https://x.com/janedoe"
            )
        handle = segments[0]
        if handle.lower() in _X_RESERVED:
            raise InvalidHandle(f"{raw!r} is an X page, not a profile; give a handle like @janedoe")
    handle = handle.lstrip("@").lower()
    if not _X_HANDLE.fullmatch(handle) or handle in _X_RESERVED:
        raise InvalidHandle(
            f"{raw!r} is not an X handle; handles are 1–15 letters, digits or underscores, like @janedoe"
        )
    return handle


def normalize_x_id(raw: str | int) -> str:
    text = str(raw).strip()
    if not _X_ID.fullmatch(text):
        raise InvalidHandle(f"{raw!r} is not an X user id; it is a number like 1700000000000000001")
    return text.lstrip("0") or "0"


def normalize_email(raw: str) -> str:
    text = str(raw).strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    text = text.lower()
    if not _EMAIL.fullmatch(text):
        raise InvalidHandle(f"{raw!r} is not an email address")
    return text


NORMALIZERS = {
    "linkedin": normalize_linkedin,
    "x": normalize_x,
    "x_id": normalize_x_id,
    "email": normalize_email,
}


def normalize(kind: str, raw: str) -> str:
    return NORMALIZERS[kind](raw)


def identity_from_url(raw: str) -> tuple[str, str] | None:
    """A profile URL as (kind, handle), or None when it is no LinkedIn or X profile URL."""
    text = str(raw).strip()
    if "/" not in text:
        return None
    host, segments = _split_url(text)
    if _is_linkedin_host(host):
        return "linkedin", normalize_linkedin(text)
    if host in _X_HOSTS and segments:
        return "x", normalize_x(text)
    return None


def display(kind: str, handle: str) -> str:
    """How an identity is written for people: `linkedin:jane-doe`, `x:@janedoe`, `x-id:170…`."""
    if kind == "x":
        return f"x:@{handle}"
    if kind == "x_id":
        return f"x-id:{handle}"
    return f"{kind}:{handle}"
