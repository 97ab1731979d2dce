"""vCard 3.0 and 4.0 (RFC 6350), as Apple Contacts, Google and Outlook write them: folded lines, escaped
values, `itemN.` groups with X-ABLabel, and social profiles in URL, X-SOCIALPROFILE or IMPP."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from ..errors import InvalidHandle
from ..handles import identity_from_url, normalize_email, normalize_x
from .archive import ImportFailed, decode
from .batch import Batch

_PROPERTY = re.compile(r"^(?:(?P<group>[A-Za-z0-9-]+)\.)?(?P<name>[A-Za-z0-9-]+)(?P<params>(?:;[^:]*)?):(?P<value>.*)$")


def unfold(text: str) -> list[tuple[int, str]]:
    """Logical lines with the number of the physical line each starts on (RFC 6350 §3.2)."""
    lines: list[tuple[int, str]] = []
    for number, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        if line[:1] in (" ", "\t") and lines:
            lines[-1] = (lines[-1][0], lines[-1][1] + line[1:])
        elif line:
            lines.append((number, line))
    return lines


def unescape(value: str) -> str:
    return re.sub(r"\\([\\,;nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def _social(value: str, params: str) -> tuple[str, str] | None:
    value = unescape(value).strip()
    try:
        found = identity_from_url(value) if "/" in value else None
        if found:
            return found
        kind = params.lower()
        if "twitter" in kind or "type=x" in kind:
            return ("x", normalize_x(value.split(":")[-1]))
    except InvalidHandle:
        return None
    return None


def read_file(path: Path, options: dict, progress: Callable[[str, int], None]) -> Batch:
    if path.is_dir() or not path.exists():
        raise ImportFailed(f"{path} is not a vCard file (.vcf)")
    text = decode(path.read_bytes(), path.name)
    if "BEGIN:VCARD" not in text.upper():
        raise ImportFailed(f"{path.name} holds no BEGIN:VCARD; is it a vCard (.vcf) file?")
    batch = Batch("vcard")
    card: dict | None = None
    for line_number, line in unfold(text):
        match = _PROPERTY.match(line)
        if not match:
            if card is not None:
                batch.skip(path.name, line_number, "a line that is not a vCard property")
            continue
        name, value, params = match["name"].upper(), match["value"], match["params"] or ""
        if name == "BEGIN" and value.upper() == "VCARD":
            card = {"line": line_number, "fn": "", "n": "", "identities": [], "note": ""}
        elif name == "END" and value.upper() == "VCARD" and card is not None:
            _finish(card, path.name, batch)
            card = None
        elif card is None:
            continue
        elif name == "FN":
            card["fn"] = unescape(value).strip()
        elif name == "N":
            parts = [unescape(p).strip() for p in re.split(r"(?<!\\);", value)] + [""] * 5
            card["n"] = " ".join(p for p in (parts[3], parts[1], parts[2], parts[0], parts[4]) if p)
        elif name == "EMAIL":
            try:
                card["identities"].append(("email", normalize_email(unescape(value))))
            except InvalidHandle:
                batch.skip(path.name, line_number, "EMAIL is not an email address", value)
        elif name in ("URL", "X-SOCIALPROFILE", "IMPP"):
            found = _social(value, params)
            if found:
                card["identities"].append(found)
        elif name == "NOTE":
            card["note"] = unescape(value).strip()
    if card is not None:
        batch.skip(path.name, card["line"], "a card without END:VCARD")
    return batch


def _finish(card: dict, file_name: str, batch: Batch) -> None:
    name = card["fn"] or card["n"]
    if not name and not card["identities"]:
        batch.skip(file_name, card["line"], "a card with no name, email or profile")
        return
    batch.person(name, card["identities"], note=card["note"], origin=f"{file_name} line {card['line']}")
