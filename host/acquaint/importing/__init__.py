"""Importing real data exports into the history: LinkedIn, X, vCard, Google Contacts, any CSV.

Each source reads its files into a Batch (batch.py); `run_import` applies the batch in one transaction, so an
import lands whole or not at all, and a repeated import adds nothing (every interaction has a dedupe key).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Callable

from ..history import History
from . import contacts_csv, linkedin, vcard, xarchive
from .archive import Export, ImportFailed
from .batch import Summary, apply_batch

SOURCES = {
    "linkedin": ("LinkedIn data export (.zip or folder)", lambda p, o, g: linkedin.read(Export(p), o, g)),
    "x": ("X/Twitter archive (.zip or folder)", lambda p, o, g: xarchive.read(Export(p), o, g)),
    "vcard": ("vCard file (.vcf), 3.0 or 4.0", vcard.read_file),
    "google-csv": ("Google Contacts CSV export", contacts_csv.read_google),
    "csv": ("any CSV, with --map FIELD=COLUMN", contacts_csv.read_mapped),
}


class _DryRun(Exception):
    """Raised inside the transaction to leave the history as it was."""


def run_import(history: History, source: str, path: Path, options: dict, now: datetime,
               progress: Callable[[str, int], None] = lambda _name, _count: None) -> Summary:
    if source not in SOURCES:
        raise ImportFailed(f"unknown source {source!r}; sources are: {', '.join(SOURCES)}")
    batch = SOURCES[source][1](Path(path), options, progress)
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
