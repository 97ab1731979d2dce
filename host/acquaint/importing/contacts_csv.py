"""Contacts as CSV: Google Contacts' export (multi-values joined by ' ::: ', sometimes a BOM), and any other
CSV with a header mapping given on the command line (`--map name="Full name" --map email=Mail`)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Callable

from ..errors import InvalidHandle
from ..handles import identity_from_url, normalize, normalize_email
from .archive import ImportFailed, csv_rows, decode
from .batch import Batch
from .formats import parse_export_date

MAPPABLE = ("name", "first_name", "last_name", "email", "linkedin", "x", "x_id", "note", "connected")


def _values(cell: str) -> list[str]:
    return [v.strip() for v in (cell or "").split(":::") if v.strip()]


def _header(text: str, name: str) -> list[str]:
    first = next(csv.reader(io.StringIO(text, newline="")), None)
    if not first:
        raise ImportFailed(f"{name} is empty")
    return [cell.strip() for cell in first]


def read_google(path: Path, options: dict, progress: Callable[[str, int], None]) -> Batch:
    text = _read(path)
    header = _header(text, path.name)
    if "First Name" in header:
        required = ("First Name",)
    elif "Name" in header:
        required = ("Name",)
    else:
        raise ImportFailed(f"{path.name}: no 'First Name' or 'Name' column; is it a Google Contacts CSV export? "
                           "For other CSVs use `acquaint import csv FILE --map name=COLUMN …`")
    email_columns = [c for c in header if re.fullmatch(r"E-mail \d+ - Value", c)]
    site_columns = [c for c in header if re.fullmatch(r"Website \d+ - Value", c)]
    batch = Batch("google-csv")
    for line, row in csv_rows(text, path.name, required):
        if "First Name" in header:
            name = " ".join(row.get(c, "") for c in ("First Name", "Middle Name", "Last Name"))
        else:
            name = row.get("Name", "")
        identities = []
        for column in email_columns:
            for value in _values(row.get(column, "")):
                try:
                    identities.append(("email", normalize_email(value)))
                except InvalidHandle:
                    batch.skip(path.name, line, f"not an email address in {column!r}")
        for column in site_columns:
            for value in _values(row.get(column, "")):
                try:
                    found = identity_from_url(value)
                except InvalidHandle:
                    found = None
                if found:
                    identities.append(found)
        name = " ".join(name.split())
        if not name and not identities:
            batch.skip(path.name, line, "no name, email or profile")
            continue
        batch.person(name, identities, note=row.get("Notes", "").strip(), origin=f"{path.name} line {line}")
    return batch


def parse_mapping(pairs: list[str]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        field, equals, column = pair.partition("=")
        if not equals or field not in MAPPABLE or not column.strip():
            raise ImportFailed(f"--map {pair!r}: use FIELD=COLUMN with FIELD one of {', '.join(MAPPABLE)}")
        mapping[field] = column.strip()
    if "name" not in mapping and "first_name" not in mapping:
        raise ImportFailed("--map name=COLUMN (or first_name=COLUMN) is required for a CSV import")
    return mapping


def read_mapped(path: Path, options: dict, progress: Callable[[str, int], None]) -> Batch:
    mapping = parse_mapping(options.get("mapping") or [])
    text = _read(path)
    header = _header(text, path.name)
    missing = [column for column in mapping.values() if column not in header]
    if missing:
        raise ImportFailed(f"{path.name} has no column {', '.join(map(repr, missing))}; its columns are: "
                           f"{', '.join(header)}")
    batch = Batch("csv")
    for line, row in csv_rows(text, path.name, tuple(mapping.values())):
        def get(field: str, row: dict = row) -> str:
            return row.get(mapping[field], "").strip() if field in mapping else ""

        name = get("name") or " ".join(f"{get('first_name')} {get('last_name')}".split())
        identities = []
        for field in ("email", "linkedin", "x", "x_id"):
            for value in _values(get(field)):
                try:
                    identities.append((field, normalize_email(value) if field == "email" else normalize(field, value)))
                except InvalidHandle as error:
                    batch.skip(path.name, line, f"{field}: {error}")
        if not name and not identities:
            batch.skip(path.name, line, "no name and no identity")
            continue
        number = batch.person(name, identities, note=get("note"), origin=f"{path.name} line {line}")
        if "connected" in mapping and get("connected"):
            when = parse_export_date(get("connected"))
            if when is None:
                batch.skip(path.name, line, f"{mapping['connected']!r} is not a date between 1900 and ten years "
                                            "from now", get("connected"))
                continue
            who = identities[0][1] if identities else name.casefold()
            batch.interaction(number, "connected", "both", when, f"csv:connected:{who}")
    return batch


def _read(path: Path) -> str:
    if path.is_dir() or not path.exists():
        raise ImportFailed(f"{path} is not a CSV file")
    return decode(path.read_bytes(), path.name)
