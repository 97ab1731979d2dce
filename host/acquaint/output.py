"""Printing for people (aligned, 80 columns) and for scripts (JSON)."""

from __future__ import annotations

import json
import shutil
from typing import Any, Sequence, TextIO

ELLIPSIS = "…"


def terminal_width(default: int = 80) -> int:
    return max(40, shutil.get_terminal_size((default, 24)).columns)


def clip(text: str, width: int) -> str:
    text = " ".join(str(text).split())  # page and note text may hold newlines and tabs
    return text if len(text) <= width else text[: max(0, width - 1)] + ELLIPSIS


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
    widths = [len(h) for h in headers]
    for row in cells:
        for n, cell in enumerate(row[:-1]):
            widths[n] = min(max(widths[n], len(cell)), caps.get(n, 10**6))
    fixed = sum(widths[:-1]) + 2 * (len(headers) - 1)
    last = max(10, width - fixed)
    lines = []
    for row in [list(headers), *cells]:
        parts = [clip(cell, widths[n]).ljust(widths[n]) for n, cell in enumerate(row[:-1])]
        parts.append(clip(row[-1], last))
        lines.append("  ".join(parts).rstrip())
    return "\n".join(lines)


def print_json(value: Any, out: TextIO) -> None:
    out.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")
