"""Normalising LinkedIn and X handles, X user ids and emails, so that every spelling of one person matches."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from .errors import InvalidHandle, quote

# The identity kinds a person can hold, in the order they are shown. A LinkedIn member id
# (`ACoAA…`, what LinkedIn's messaging links to) is a kind of its own beside the vanity name (what profile
# pages and the data export show): the same person has both, and neither can be derived from the other.
IDENTITY_KINDS = ("linkedin", "linkedin_id", "x", "x_id", "email")

# LinkedIn vanity names are 3–100 letters, digits and hyphens; older ones and non-Latin ones contain
# other word characters, so accept any Unicode word character plus hyphen.
_LINKEDIN_VANITY = re.compile(r"^[\w-]{2,100}$")
# Member ids are case-sensitive base64url-like strings, 39 characters today, always starting "ACoAA".
_LINKEDIN_MEMBER_ID = re.compile(r"^ACoAA[A-Za-z0-9_-]{10,95}$")
# https://www.linkedin.com/in/jane-doe-4a1b2c/ and its plainest spellings; anything else goes through urlsplit.
_PLAIN_PROFILE_URL = re.compile(r"(?:https?://)?(?:www\.)?linkedin\.com/in/([\w-]+)/?")
_FSD_PROFILE_URN = re.compile(r"^urn:li:(?:fsd_profile|fs_miniProfile|member):(.+)$")
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
    try:
        parts = urlsplit(text)
    except ValueError:  # "Invalid IPv6 URL": a "[" in the host part
        raise InvalidHandle(f"{quote(raw)} is not a link to a profile") from None
    host = (parts.hostname or "").lower()
    segments = [unquote(s) for s in parts.path.split("/") if s]
    return host, segments


def _is_linkedin_host(host: str) -> bool:
    return host == "linkedin.com" or host.endswith(".linkedin.com")


def _linkedin_profile_segment(raw: str) -> str:
    """What follows /in/ in a LinkedIn profile URL (`/comm/in/…` links in LinkedIn's emails too), or the
    text itself when it is no URL."""
    text = str(raw).strip()
    if "/" not in text and "linkedin." not in text.lower():
        return text
    plain = _PLAIN_PROFILE_URL.fullmatch(text)
    if plain:  # what the exports hold, 30,000 times: the same answer as below, without urlsplit
        return plain[1]
    if text.lower().startswith("in/"):
        text = "linkedin.com/" + text
    host, segments = _split_url(text)
    if segments[:1] and segments[0].lower() == "comm":
        segments = segments[1:]
    if not _is_linkedin_host(host) or len(segments) < 2 or segments[0].lower() != "in":
        raise InvalidHandle(
            f"{quote(raw)} is not a LinkedIn profile; give a URL like "
            "https://www.linkedin.com/in/jane-doe-4a1b2c or the name after /in/"
        )
    return segments[1].strip()


def is_linkedin_member_id(text: str) -> bool:
    return bool(_LINKEDIN_MEMBER_ID.fullmatch(text))


@lru_cache(maxsize=65536)  # an export names the same profiles again and again
def normalize_linkedin_member_id(raw: str) -> str:
    """`ACoAA…`, `https://www.linkedin.com/in/ACoAA…/` and `urn:li:fsd_profile:ACoAA…` all give `ACoAA…`.
    Case is kept: lower-casing a member id breaks it."""
    text = str(raw).strip()
    urn = _FSD_PROFILE_URN.fullmatch(text)
    member_id = urn.group(1) if urn else _linkedin_profile_segment(text)
    if not is_linkedin_member_id(member_id):
        raise InvalidHandle(
            f"{quote(raw)} is not a LinkedIn member id; it looks like ACoAA followed by letters and digits, "
            "as in the /in/ACoAA… links of LinkedIn's messaging"
        )
    return member_id


@lru_cache(maxsize=65536)  # an export names the same profiles again and again
def linkedin_identity(raw: str) -> tuple[str, str]:
    """A LinkedIn vanity name or member id, in any spelling, as (kind, value)."""
    text = str(raw).strip()
    segment = text if _FSD_PROFILE_URN.fullmatch(text) else _linkedin_profile_segment(text)
    if is_linkedin_member_id(segment) or _FSD_PROFILE_URN.fullmatch(segment):
        return "linkedin_id", normalize_linkedin_member_id(segment)
    return "linkedin", normalize_linkedin(text)


@lru_cache(maxsize=65536)  # an export names the same profiles again and again
def normalize_linkedin(raw: str) -> str:
    """`https://www.linkedin.com/in/Jane-Doe-4a1b2c/?trk=x`, `linkedin.com/in/jane-doe-4a1b2c`,
    `in/jane-doe-4a1b2c` and `jane-doe-4a1b2c` all give `jane-doe-4a1b2c`."""
    vanity = _linkedin_profile_segment(raw)
    if is_linkedin_member_id(vanity):
        raise InvalidHandle(
            f"{quote(raw)} is a LinkedIn member id, not a profile name; give it as a member id "
            "(--linkedin-id, or `linkedin-id:` before it)"
        )
    vanity = vanity.lower()
    if not _LINKEDIN_VANITY.fullmatch(vanity):
        raise InvalidHandle(
            f"{quote(raw)} is not a LinkedIn profile name; it has letters, digits and hyphens, "
            "like jane-doe-4a1b2c"
        )
    return vanity


@lru_cache(maxsize=65536)  # an export names the same profiles again and again
def normalize_x(raw: str) -> str:
    """`@JaneDoe`, `janedoe`, `https://x.com/janedoe` and `twitter.com/JaneDoe` all give `janedoe`."""
    text = str(raw).strip()
    handle = text
    if "/" in text or "." in text:
        host, segments = _split_url(text)
        if host not in _X_HOSTS or not segments:
            raise InvalidHandle(
                f"{quote(raw)} is not an X profile; give a handle like @janedoe or a URL like https://x.com/janedoe"
            )
        handle = segments[0]
        if handle.lower() in _X_RESERVED:
            raise InvalidHandle(f"{quote(raw)} is an X page, not a profile; give a handle like @janedoe")
    handle = handle.lstrip("@").lower()
    if not _X_HANDLE.fullmatch(handle) or handle in _X_RESERVED:
        raise InvalidHandle(
            f"{quote(raw)} is not an X handle; handles are 1–15 letters, digits or underscores, like @janedoe"
        )
    return handle


def normalize_x_id(raw: str | int) -> str:
    text = str(raw).strip()
    if not _X_ID.fullmatch(text):
        raise InvalidHandle(f"{quote(raw)} is not an X user id; it is a number like 1700000000000000001")
    return text.lstrip("0") or "0"


def normalize_email(raw: str) -> str:
    text = str(raw).strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    text = text.lower()
    if not _EMAIL.fullmatch(text):
        raise InvalidHandle(f"{quote(raw)} is not an email address")
    return text


NORMALIZERS = {
    "linkedin": normalize_linkedin,
    "linkedin_id": normalize_linkedin_member_id,
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
        return linkedin_identity(text)
    if host in _X_HOSTS and segments:
        return "x", normalize_x(text)
    return None


def display(kind: str, handle: str) -> str:
    """How an identity is written for people: `linkedin:jane-doe`, `x:@janedoe`, `x-id:170…`."""
    if kind == "x":
        return f"x:@{handle}"
    if kind == "x_id":
        return f"x-id:{handle}"
    if kind == "linkedin_id":
        return f"linkedin-id:{handle}"
    return f"{kind}:{handle}"
