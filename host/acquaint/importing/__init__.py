"""Importing real data exports into the history: LinkedIn, X, vCard, Google Contacts, any CSV.

Each source reads its files into a Batch (batch.py); `run_import` applies the batch in one transaction, so an
import lands whole or not at all, and a repeated import adds nothing (every interaction has a dedupe key).
"""

from __future__ import annotations

import importlib
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from ..history import History
    from .batch import Summary

# Each source: what it reads, and its reader as "module:function" (imported when used: `acquaint --help`
# stays quick).
SOURCES = {
    "linkedin": ("LinkedIn data export (.zip or folder)", "linkedin:read"),
    "x": ("X/Twitter archive (.zip or folder)", "xarchive:read"),
    "vcard": ("vCard file (.vcf), 3.0 or 4.0", "vcard:read_file"),
    "google-csv": ("Google Contacts CSV export", "contacts_csv:read_google"),
    "csv": ("any CSV, with --map FIELD=COLUMN", "contacts_csv:read_mapped"),
}
ARCHIVES = ("linkedin", "x")  # readers of a zip or a folder take an Export


def __getattr__(name: str):
    if name == "ImportFailed":  # the readers' error, without loading the readers for `acquaint --help`
        from .archive import ImportFailed

        return ImportFailed
    raise AttributeError(name)


def _reader(source: str):
    from .archive import Export

    module, function = SOURCES[source][1].split(":")
    read = getattr(importlib.import_module(f".{module}", __name__), function)
    if source in ARCHIVES:
        return lambda path, options, progress: read(Export(path), options, progress)
    return read


class _DryRun(Exception):
    """Raised inside the transaction to leave the history as it was."""


def run_import(history: History, source: str, path: Path, options: dict, now: datetime,
               progress: Callable[[str, int], None] = lambda _name, _count: None) -> Summary:
    from ..encoding import gc_paused
    from .archive import ImportFailed
    from .batch import apply_batch

    if source not in SOURCES:
        raise ImportFailed(f"unknown source {source!r}; sources are: {', '.join(SOURCES)}")
    # An import makes a million small objects and no reference cycles: the cyclic collector, left on, rescans
    # them again and again as they pile up (a fifth of the time of a large import).
    with gc_paused():
        batch = _reader(source)(Path(path), options, progress)
        summary = None
        try:
            with history.change(f"import {source} {Path(path).name}") as tx:
                summary = apply_batch(tx, batch, now)
                if options.get("dry_run"):
                    raise _DryRun
        except _DryRun:
            summary.dry_run = True
    return summary


__all__ = ["ImportFailed", "SOURCES", "Summary", "run_import"]
