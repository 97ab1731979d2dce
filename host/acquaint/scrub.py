"""Taking a dismissed ask's sentence out of every copy the data folder keeps.

"Not an ask" removes the recorded ask from the current version, but the sentence is also in the versions kept
for restore, in the change records kept for undo and redo, and in the one-file history's leftovers (its
backups, its migrated copy). Those copies exist to bring data back; this sentence is the one thing the user
asked us not to keep. So, under the writers' lock, every copy that holds it is written again without it:

- a kept version's segment that holds it becomes a new segment (named by its new content) and the manifests
  that named the old one name the new one; the old one is deleted;
- a change record holding it is written again with the note emptied (undoing the dismissal brings the ask
  back without its sentence);
- a leftover one-file history is written again the same way.

Only the asks themselves are touched: an interaction of kind "ask" whose note is one of the sentences and
whose id or key is one of those dismissed. The sentences wait in `scrub-pending.json` from before the commit
that dismisses them until every copy is clean, so that a process killed in between leaves the work to the
next writer rather than leaving the sentence behind.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from pathlib import Path

from .encoding import dumps, loads
from .schema import INTERACTIONS, UNDO
from .store import Store, change_name, digests_of, segment_file

PENDING = "scrub-pending.json"


def plan(store: Store, asks: list[dict]) -> dict | None:
    """Remember what to scrub before the commit that removes it (the asks as they were: id, key, note)."""
    sentences = sorted({a["note"] for a in asks if a.get("note")})
    if not sentences:
        return None
    pending = _read_pending(store) or {"ids": [], "keys": [], "sentences": []}
    for field, values in (("ids", [a["id"] for a in asks]), ("keys", [a.get("key") for a in asks if a.get("key")]),
                          ("sentences", sentences)):
        pending[field] = sorted(set(pending[field]) | set(values))
    store.files.write(PENDING, dumps(pending))
    return pending


def finish(store: Store, legacy_file: Path | None) -> int:
    """Scrub what `plan` left waiting, if anything; the number of files written again. Only under the lock."""
    pending = _read_pending(store)
    if pending is None:
        return 0
    match = _Match(pending)
    written = _scrub_versions(store, match) + _scrub_changes(store, match)
    if legacy_file is not None:
        written += _scrub_leftovers(legacy_file, match)
    store.files.delete(PENDING)
    return written


def _read_pending(store: Store) -> dict | None:
    raw = store.files.read(PENDING)
    if raw is None:
        return None
    try:
        pending = loads(raw)
        if all(isinstance(pending.get(f), list) for f in ("ids", "keys", "sentences")):
            return pending
    except (ValueError, AttributeError):
        pass
    return None  # a torn plan (written whole, so only by hand): nothing is known to scrub


class _Match:
    def __init__(self, pending: dict):
        self.ids = {str(i) for i in pending["ids"]}
        self.keys = set(pending["keys"])
        self.sentences = set(pending["sentences"])
        # How the sentences look inside a file: compact UTF-8 JSON (the folder), or ASCII-escaped (TinyDB's file).
        self.needles = {json.dumps(s, ensure_ascii=ascii)[1:-1].encode() for s in self.sentences
                        for ascii in (False, True)}

    def present(self, raw: bytes) -> bool:
        return any(needle in raw for needle in self.needles)

    def clean(self, doc_id: str, doc) -> dict | None:
        """The ask without its sentence, or None when this document is not one to scrub."""
        if (isinstance(doc, dict) and doc.get("kind") == "ask" and doc.get("note") in self.sentences
                and (str(doc_id) in self.ids or doc.get("key") in self.keys)):
            return {**doc, "note": ""}
        return None

    def clean_table(self, table: dict) -> bool:
        changed = False
        for doc_id, doc in list(table.items()):
            cleaned = self.clean(doc_id, doc)
            if cleaned is not None:
                table[doc_id] = cleaned
                changed = True
        return changed


def _scrub_versions(store: Store, match: _Match) -> int:
    manifests = store.versions()
    replaced: dict[str, str] = {}
    # Where interactions are: the parts that hold them ("people/" did until format 5), and the patch segments.
    holding = {d for m in manifests for name, d in m["segments"].items()
               if name.startswith(("people/", "interactions/"))}
    patches = {d for m in manifests for ds in m.get("patches", {}).values() for d in ds}
    for digest in holding | patches:
        raw = store.files.read(segment_file(digest))
        if raw is None or not match.present(raw):
            continue
        try:
            segment = loads(raw)
        except ValueError:
            continue  # a damaged segment is reported when read; it is not ours to rewrite
        parts = segment.values() if digest in patches else [segment]
        # A list, not a generator: every part is cleaned, not only up to the first that held the sentence.
        if any([match.clean_table((part or {}).get(INTERACTIONS) or {}) for part in parts]):
            payload = dumps(segment)
            new_digest = hashlib.sha256(payload).hexdigest()
            store.files.write(segment_file(new_digest), payload, sync_folder=False)
            replaced[digest] = new_digest
    if not replaced:
        return 0
    store.files.sync_folders("segments")  # the new segments are in place before any manifest names them
    written = len(replaced)
    for manifest in manifests:
        if any(d in replaced for d in digests_of(manifest)):
            manifest["segments"] = {n: replaced.get(d, d) for n, d in manifest["segments"].items()}
            if "patches" in manifest:
                manifest["patches"] = {n: [replaced.get(d, d) for d in ds] for n, ds in manifest["patches"].items()}
            store.rewrite(manifest)
            written += 1
    for digest in replaced:
        store.forget_segment(digest)
    return written


def _scrub_changes(store: Store, match: _Match) -> int:
    written = 0
    for name in store.files.names("changes"):
        seq = int(name.split(".")[0])
        raw = store.files.read(change_name(seq))
        try:
            data = gzip.decompress(raw) if raw is not None else b""
        except (OSError, EOFError):
            continue
        if not match.present(data):
            continue
        change = store.change(seq)
        changed = False
        for op in change["ops"]:  # [table, id, before] (and after, in records from before 0.3)
            if op[0] != INTERACTIONS:
                continue
            for side in range(2, len(op)):
                cleaned = match.clean(op[1], op[side])
                if cleaned is not None:
                    op[side] = cleaned
                    changed = True
        if changed:
            store.rewrite_change(seq, change)
            written += 1
    return written


def _scrub_leftovers(legacy_file: Path, match: _Match) -> int:
    """The one-file history's backups, migrated copy and schema copies: its interactions and its undo records."""
    written = 0
    for path in sorted(legacy_file.parent.glob(f"{legacy_file.name}*")):
        if not path.is_file() or path.name.endswith(".lock"):
            continue
        raw = path.read_bytes()
        if not match.present(raw):
            continue
        try:
            data = loads(raw)
        except ValueError:
            continue
        if not isinstance(data, dict):
            continue
        changed = match.clean_table(data.get(INTERACTIONS) or {})
        for record in (data.get(UNDO) or {}).values():
            for table in ("before", "after"):
                changed |= match.clean_table(((record or {}).get(table) or {}).get(INTERACTIONS) or {})
        if changed:
            _replace(path, json.dumps(data, ensure_ascii=False).encode("utf-8"))
            written += 1
    return written


def _replace(path: Path, payload: bytes) -> None:
    temporary = path.with_name(f".tmp-{path.name}")
    with open(temporary, "wb") as handle:
        handle.write(payload)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
