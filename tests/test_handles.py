"""Every spelling of a handle normalises to one form; things that are not handles are refused."""

import re
from pathlib import Path

import pytest

from acquaint.errors import InvalidHandle
from acquaint.handles import identity_from_url, normalize_email, normalize_linkedin, normalize_x, normalize_x_id


@pytest.mark.parametrize("raw", [
    "https://www.linkedin.com/in/Jane-Doe-4a1b2c/?trk=x",
    "linkedin.com/in/jane-doe-4a1b2c",
    "jane-doe-4a1b2c",
    "  JANE-DOE-4A1B2C ",
    "in/jane-doe-4a1b2c",
    "http://de.linkedin.com/in/jane-doe-4a1b2c/details/skills/",
    "www.linkedin.com/in/jane-doe-4a1b2c#about",
])
def test_linkedin_spellings_are_one_handle(raw):
    assert normalize_linkedin(raw) == "jane-doe-4a1b2c"


@pytest.mark.parametrize("raw", [
    "https://www.linkedin.com/in/person-17", "https://www.linkedin.com/in/Jörg-Müller/", "linkedin.com/in/ab",
    "http://linkedin.com/in/ACoAAB1234567890abcdefGHIJ", "https://www.linkedin.com/in/a_b-c/",
])
def test_linkedin_quick_reading_of_plain_urls_agrees_with_urlsplit(raw, monkeypatch):
    from acquaint import handles

    quick = handles._linkedin_profile_segment(raw)
    monkeypatch.setattr(handles, "_PLAIN_PROFILE_URL", re.compile(r"(?!)"))  # never matches: the long way
    assert handles._PLAIN_PROFILE_URL.fullmatch(raw) is None
    assert quick == handles._linkedin_profile_segment(raw)


def test_linkedin_percent_encoded_vanity_is_decoded():
    assert normalize_linkedin("https://www.linkedin.com/in/j%C3%B6rg-m%C3%BCller-123/") == "jörg-müller-123"


@pytest.mark.parametrize("raw", [
    "https://www.linkedin.com/company/acme/", "https://example.com/in/jane", "jane doe", "x", "",
    "https://www.linkedin.com/feed/", "jane/doe",
])
def test_linkedin_non_handles_are_refused(raw):
    with pytest.raises(InvalidHandle):
        normalize_linkedin(raw)


@pytest.mark.parametrize("raw", [
    "@JaneDoe", "janedoe", "https://x.com/janedoe", "twitter.com/JaneDoe", "https://mobile.twitter.com/janedoe/status/1",
    "x.com/JaneDoe?s=20", " @janedoe ",
])
def test_x_spellings_are_one_handle(raw):
    assert normalize_x(raw) == "janedoe"


@pytest.mark.parametrize("raw", [
    "@", "jane doe", "@this_handle_is_far_too_long", "https://x.com/home", "https://x.com/messages/1-2",
    "https://example.com/janedoe", "@jane-doe", "https://x.com/",
])
def test_x_non_handles_are_refused(raw):
    with pytest.raises(InvalidHandle):
        normalize_x(raw)


def test_x_ids_stay_strings_beyond_javascript_numbers():
    assert normalize_x_id("1700000000000000001") == "1700000000000000001"
    assert normalize_x_id(1700000000000000001) == "1700000000000000001"
    for bad in ("12a", "-5", "1.5", "", "123456789012345678901"):
        with pytest.raises(InvalidHandle):
            normalize_x_id(bad)


def test_emails_are_lowercased_and_checked():
    assert normalize_email(" Mailto:Jane@Example.COM ") == "jane@example.com"
    with pytest.raises(InvalidHandle):
        normalize_email("jane@localhost")


def test_profile_urls_name_their_platform():
    assert identity_from_url("https://www.linkedin.com/in/jane-doe/") == ("linkedin", "jane-doe")
    assert identity_from_url("https://twitter.com/JaneDoe") == ("x", "janedoe")
    assert identity_from_url("jane") is None
    assert identity_from_url("https://example.com/jane") is None


@pytest.mark.parametrize(("name", "folded"), [
    ("José Núñez", "jose nunez"), ("MÜLLER", "muller"), ("Straße", "strasse"), ("Ｊａｎｅ", "jane"),
    ("Σωκράτης", "σωκρατησ"), ("Nguyễn Văn", "nguyen van"), ("李小龍", "李小龍"), ("Ångström", "angstrom"),
])
def test_names_fold_without_case_and_accents(name, folded):
    from acquaint.layout import fold

    assert fold(name) == folded


def test_x_pages_that_are_not_profiles_are_the_same_list_in_the_host_and_the_extension():
    """Two languages, one list: the extension's copy (which also refuses X's "unknown" placeholder) must name
    every page the host refuses, and nothing else."""
    from acquaint.handles import _X_RESERVED

    source = (Path(__file__).parent.parent / "extension" / "content" / "sites" / "x.js").read_text()
    listed = source.split("const NOT_PROFILES = new Set([", 1)[1].split("])", 1)[0]
    assert set(re.findall(r'"([a-z]+)"', listed)) == _X_RESERVED | {"unknown"}
