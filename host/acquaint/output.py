"""Printing for people (aligned, 80 columns) and for scripts (JSON)."""

from __future__ import annotations

import json
import shutil
import unicodedata
from typing import Any, Sequence, TextIO

ELLIPSIS = "…"


def terminal_width(default: int = 80) -> int:
    return max(40, shutil.get_terminal_size((default, 24)).columns)


def display_width(text: str) -> int:
    """Columns a terminal gives the text: CJK and other wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in text)


def clip(text: str, width: int) -> str:
    text = " ".join(str(text).split())  # page and note text may hold newlines and tabs
    if display_width(text) <= width:
        return text
    kept = ""
    for character in text:
        if display_width(kept + character) > width - 1:
            break
        kept += character
    return kept + ELLIPSIS


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def table(
    rows: Sequence[Sequence[Any]],
    headers: Sequence[str],
    width: int | None = None,
    max_widths: dict[int, int] | None = None,
) -> str:
    """Columns aligned; a column may be capped (`max_widths`), and the last one is clipped so that each
    line fits `width`."""
    width = width or terminal_width()
    caps = max_widths or {}
    cells = [[" ".join(str(c).split()) for c in row] for row in rows]
    widths = [display_width(h) for h in headers]
    for row in cells:
        for n, cell in enumerate(row[:-1]):
            widths[n] = min(max(widths[n], display_width(cell)), caps.get(n, 10**6))
    fixed = sum(widths[:-1]) + 2 * (len(headers) - 1)
    last = max(10, width - fixed)
    lines = []
    for row in [list(headers), *cells]:
        parts = [pad(clip(cell, widths[n]), widths[n]) for n, cell in enumerate(row[:-1])]
        parts.append(clip(row[-1], last))
        lines.append("  ".join(parts).rstrip())
    return "\n".join(lines)


def print_json(value: Any, out: TextIO) -> None:
    out.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def plural(count: int, word: str, many: str | None = None) -> str:
    """ "1 person", "2 people", "0 interactions": a count with its word as English says it."""
    return f"{count:,} {word if count == 1 else many or word + 's'}"
