"""Dates people type: accepted forms, impossible dates and future dates refused."""

from datetime import datetime, timezone

import pytest

from acquaint.dates import describe_age, parse_when, to_iso
from acquaint.errors import InvalidDate
from conftest import NOW


@pytest.mark.parametrize("text, expected", [
    ("2024-05-01", "2024-05-01T00:00:00Z"),
    ("2024-05-01 14:30", "2024-05-01T14:30:00Z"),
    ("2024-05-01T14:30:15", "2024-05-01T14:30:15Z"),
    ("2024-05-01T14:30:00+02:00", "2024-05-01T12:30:00Z"),
    ("2024-05-01T14:30:00Z", "2024-05-01T14:30:00Z"),
    ("today", "2026-06-01T00:00:00Z"),
    ("yesterday", "2026-05-31T00:00:00Z"),
    ("3 days ago", "2026-05-29T12:00:00Z"),
    ("2 weeks ago", "2026-05-18T12:00:00Z"),
    ("1 year ago", "2025-06-01T12:00:00Z"),
    ("now", "2026-06-01T12:00:00Z"),
])
def test_accepted_forms(text, expected):
    assert to_iso(parse_when(text, NOW)) == expected


@pytest.mark.parametrize("text", ["2024-02-30", "2023-13-01", "tomorrowish", "01/02/2024", "5 fortnights ago"])
def test_impossible_or_unknown_dates_are_refused(text):
    with pytest.raises(InvalidDate, match="is not a date"):
        parse_when(text, NOW)


def test_future_dates_are_refused():
    with pytest.raises(InvalidDate, match="in the future"):
        parse_when("2027-01-01", NOW)


def test_ages_read_as_people_say_them():
    assert [describe_age(d) for d in (0, 1, 3, 20, 100, 800, 3700)] == [
        "today", "1 day", "3 days", "2 weeks", "3 months", "2 years", "10 years"]
    assert parse_when("2020-02-29", NOW) == datetime(2020, 2, 29, tzinfo=timezone.utc)


@pytest.mark.parametrize("text, expected", [
    ("2025-01-01 10:00:00 UTC", "2025-01-01T10:00:00Z"),      # LinkedIn messages, read by slicing
    (" 2025-01-01 23:59:59 ", "2025-01-01T23:59:59Z"),
    ("2023-01-01T10:00:00.000Z", "2023-01-01T10:00:00Z"),     # X
    ("01 Jan 2024", "2024-01-01T00:00:00Z"),                  # LinkedIn connections
    ("3/2/25, 4:45 PM", "2025-03-02T16:45:00Z"),              # LinkedIn invitations, through strptime
    ("2023-02-31 10:00:00 UTC", None), ("2025-01-01 24:00:00 UTC", None), ("2025-01-01 10:60:00 UTC", None),
    ("2025-01-01 1a:00:00 UTC", None), ("1899-12-31 10:00:00 UTC", None), ("2090-01-01 10:00:00 UTC", None),
    ("31 Feb 2023", None), ("", None),
])
def test_export_times_are_stored_as_utc_or_refused(text, expected):
    from acquaint.importing.formats import export_time, parse_export_date

    assert export_time(text) == expected
    parsed = parse_export_date(text)
    assert (to_iso(parsed) if parsed else None) == expected, "the quick path and the full parser agree"
