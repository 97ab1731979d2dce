"""The history folder on disk: immutable segments, one manifest per version, and HEAD, the only file a commit
replaces.

    history/HEAD                     {"manifest": 42}: the current version
    history/manifests/000000042.json  which segment holds each part of version 42, counts, next ids, undo stacks
    history/segments/<sha256>.json    a part of the history (layout.py), or a commit's patches of parts; named
                                      by its content, never rewritten (scrub.py replaces one by a new one when
                                      a dismissed ask leaves it)
    history/changes/000000042.json.gz what version 42 changed: each document it touched, as it was before
                                      (undo puts them back; redo reverts the undo's own record)
    history.lock                      the one lock for writers (beside the folder)

A commit writes the segments it changed, its change record and its manifest — all new files — and then
replaces HEAD. A process killed at any moment leaves HEAD at the old version or the new one; what a killed
commit wrote is unreferenced and removed by the next writer. The last five versions stay restorable: their
manifests and segments are kept, sharing every segment that did not change.

A commit that changes a few documents of a part writes them as a patch: all of a commit's patches go into one
segment, {part: {table: {id: document or null}}}, and the manifest lists under "patches" the patch segments of
each part, oldest first; up to PATCHES_PER_PART of them, after which a commit writes the part whole again.
"""

from __future__ import annotations

import contextlib
import gc
import gzip
import hashlib
import itertools
import zlib
from collections import OrderedDict
from typing import Iterator

from .encoding import dumps, loads
from .errors import HistoryBusy, HistoryCorrupted, HistoryMissing, HistoryTooNew, HistoryUnwritable, InvalidValue
from .files import at_once
from .layout import (
    META_TABLES,
    PARTS,
    SYNC_TABLE,
    Malformed,
    check_segment,
    metas_by_table,
    part_name,
    parts_of_bucket,
)

LAYOUT_VERSION = 5
SPLIT_LAYOUT = 5  # the first format whose buckets are split into parts (layout.py); 4's are upgraded on commit
RESTORABLE_VERSIONS = 5
UNDO_DEPTH = 20
# What a long-lived process (a host) keeps parsed, by the size of the files: Python objects take about five times
# their JSON, so 20 MB of segments is about 110 MB of memory (a host of 135 MiB at 30,000 people), whatever the
# size of the history.
SEGMENT_CACHE_BYTES = 20 * 1024 * 1024
CHANGE_CHUNK = 5000  # operations encoded at a time into a change record
DERIVED_CACHE = 64  # lookups built from a segment (a bucket's keys, its people's interactions)
# A part is read as its segment and up to this many patches; a commit that would add one more writes it whole.
PATCHES_PER_PART = 8
# A commit writes a part's changes as a patch when they are at most this many documents: a patch is read on every
# lookup of the part until it is folded in.
PATCH_DOCS = 64
# A part of at most this many documents that a commit read is written whole: it costs as little as a patch.
SMALL_PART = 16


class StaleSnapshot(Exception):
    """A version that was current when read has since been pruned by another writer: read HEAD again."""


def manifest_name(seq: int) -> str:
    return f"manifests/{seq:09d}.json"


def change_name(seq: int) -> str:
    return f"changes/{seq:09d}.json.gz"


def segment_file(digest: str) -> str:
    return f"segments/{digest}.json"


def patches_of(manifest: dict, name: str) -> list[str]:
    return manifest.get("patches", {}).get(name, [])


def digests_of(manifest: dict) -> set[str]:
    """Every segment a version reads: its parts and their patches."""
    return {*manifest["segments"].values(), *(d for ds in manifest.get("patches", {}).values() for d in ds)}


def table_part(manifest: dict, table: str, bucket: int) -> str:
    """The part of `bucket` that holds `table` in this version: before format 5, the bucket's one segment."""
    if manifest.get("format", 0) < SPLIT_LAYOUT:
        return f"people/{bucket}"
    return part_name(table, bucket)


class Store:
    def __init__(self, files):
        self.files = files
        self._segments: OrderedDict[str, tuple[dict, int]] = OrderedDict()
        self._cached_bytes = 0
        self._derived: OrderedDict[tuple, object] = OrderedDict()
        self._composed: set[str] = set()  # cache keys of parts read with their patches ("name+base+patch…")
        self._holding_lock = False
        # Checked manifests by file name, with the file's signature when read: a manifest is never edited in
        # place (a rewrite makes a new file), and every commit reads all kept ones to prune (10 ms at 30k).
        self._manifests: dict[str, tuple[tuple, dict]] = {}

    # -- reading ------------------------------------------------------------------------------------------------

    def signature(self) -> tuple:
        return self.files.signature("HEAD")

    def head(self) -> dict | None:
        """The current manifest; None where there has never been a history here."""
        raw = self.files.read("HEAD")
        if raw is None and self.files.names("manifests"):
            if not self._holding_lock:
                # A first commit writes its manifest before HEAD: wait for any writer, then look again.
                with contextlib.suppress(HistoryBusy, HistoryUnwritable), self.locked():
                    raw = self.files.read("HEAD")
            if raw is None:
                raise HistoryMissing(self.files.describe("HEAD"), self.newest_good_version())
        if raw is None:
            return None
        try:
            seq = loads(raw)["manifest"]
            if isinstance(seq, bool) or not isinstance(seq, int):
                raise ValueError("no version number")
        except (ValueError, TypeError, KeyError) as error:
            raise HistoryCorrupted(self.files.describe("HEAD"), f"not a version pointer: {error}",
                                   self.newest_good_version()) from None
        return self.manifest(seq, current=True)

    def _checked_manifest(self, name: str) -> dict | None:
        """The manifest in file `name`, checked (ValueError or Malformed if it is not one), or None if missing.
        A copy: callers may replace its fields."""
        signature = self.files.signature(name)
        known = self._manifests.get(name)
        if known is not None and known[0] == signature:
            return dict(known[1])
        raw = self.files.read(name)
        if raw is None:
            return None
        manifest = loads(raw)
        _check_manifest(manifest)
        if len(self._manifests) > 4 * RESTORABLE_VERSIONS + UNDO_DEPTH:
            self._manifests.clear()
        self._manifests[name] = (signature, manifest)
        return dict(manifest)

    def manifest(self, seq: int, *, current: bool = False) -> dict:
        name = manifest_name(seq)
        try:
            manifest = self._checked_manifest(name)
        except (ValueError, Malformed) as error:
            raise HistoryCorrupted(self.files.describe(name), str(error), self.newest_good_version()) from None
        if manifest is None:
            problem = f"version {seq} is missing"
            raise HistoryCorrupted(self.files.describe(name), problem, self.newest_good_version())
        if manifest["format"] > LAYOUT_VERSION:
            raise HistoryTooNew(self.files.describe(name), manifest["format"], LAYOUT_VERSION)
        return manifest

    def segment(self, manifest: dict, name: str) -> dict:
        """A part of a version, parsed and checked, with its patches applied (an empty dict where the version has
        none). Shared: never to be changed in place."""
        patches = patches_of(manifest, name)
        base_digest = manifest["segments"].get(name)
        if not patches:
            return self._segment(manifest, name, base_digest)
        key = "+".join([name, base_digest or "", *patches])  # the name too: a patch segment serves many parts
        cached = self._segments.get(key)
        if cached is not None:
            self._segments.move_to_end(key)
            return cached[0]
        base = self._segment(manifest, name, base_digest)
        data = {table: dict(documents) for table, documents in base.items()}
        for digest in patches:
            for table, documents in self._segment(manifest, "patch", digest).get(name, {}).items():
                into = data.setdefault(table, {})
                for doc_id, doc in documents.items():
                    if doc is None:
                        into.pop(doc_id, None)
                    else:
                        into[doc_id] = doc
        # Counted as big as its segment: the tables are new, the documents shared with the cached segment.
        self._composed.add(key)
        self._keep(key, data, self._segments[base_digest][1] if base_digest in self._segments else 0)
        return data

    def table(self, manifest: dict, bucket: int, table: str) -> dict:
        """One table of a bucket in this version ({} when it has none)."""
        if table in META_TABLES and manifest.get("format", 0) < SPLIT_LAYOUT:  # format 4 kept all metas in one
            return metas_by_table(self.segment(manifest, f"people/{bucket}").get(SYNC_TABLE, {}))[table]
        return self.segment(manifest, table_part(manifest, table, bucket)).get(table, {})

    def _segment(self, manifest: dict, name: str, digest: str | None) -> dict:
        if digest is None:
            return {}
        cached = self._segments.get(digest)
        if cached is not None:
            self._segments.move_to_end(digest)
            return cached[0]
        raw = self.files.read(segment_file(digest))
        if raw is None:
            if self._is_stale(manifest):
                raise StaleSnapshot(manifest["seq"])
            raise HistoryCorrupted(self.files.describe(segment_file(digest)), f"{name} of version {manifest['seq']} "
                                   "is missing", self.newest_good_version())
        data = self._checked(name, digest, raw)
        self._keep(digest, data, len(raw))
        return data

    def _keep(self, digest: str, data: dict, size: int) -> None:
        if digest in self._segments:
            return
        self._segments[digest] = (data, size)
        self._cached_bytes += size
        while self._cached_bytes > SEGMENT_CACHE_BYTES and len(self._segments) > 1:
            evicted, (_, dropped) = self._segments.popitem(last=False)
            self._cached_bytes -= dropped
            self._composed.discard(evicted)
            self._drop_built_from(evicted)
        # Parsed JSON holds no reference cycles: keep the collector from rescanning millions of objects on every
        # collection (a pause of a tenth of a second at 30,000 people). Reference counting still frees them.
        gc.freeze()

    def _drop_built_from(self, digest: str) -> None:
        """What was built from a segment goes with it: it holds the same documents, and would keep them in memory
        (a scrubbed sentence too)."""
        for key in [key for key in self._derived if any(digest in part for part in key[0])]:
            del self._derived[key]
        for key in [key for key in self._composed if digest in key]:  # a part read with its patches
            self._composed.discard(key)
            self._cached_bytes -= self._segments.pop(key)[1]

    def derived(self, manifest: dict, names: tuple[str, ...], kind: str, build):
        """`build()`, kept per content of the parts `names`: a segment never changes, so neither does what is
        built from it (a bucket's interaction keys, its interactions by person)."""
        digests = tuple((manifest["segments"].get(name), *patches_of(manifest, name)) for name in names)
        key = (digests, (kind, names))  # the names too: one patch segment serves many parts
        known = any(d for part in digests for d in part)
        found = self._derived.get(key) if known else None
        if found is None:
            found = build()
            if known:
                self._derived[key] = found
                while len(self._derived) > DERIVED_CACHE:
                    self._derived.popitem(last=False)
        else:
            self._derived.move_to_end(key)
        return found

    def _checked(self, name: str, digest: str, raw: bytes) -> dict:
        """A segment's content. Its name is the hash of what Acquaint wrote, checked document by document when it
        was written: a matching hash proves it unchanged. One that does not match was changed since (a disk
        fault, an edit by hand): refused, naming its first bad record when it still parses."""
        intact = hashlib.sha256(raw).hexdigest() == digest
        try:
            data = loads(raw)
            if not intact:
                check_segment(name, data)
        except (ValueError, Malformed) as error:
            raise HistoryCorrupted(self.files.describe(segment_file(digest)), f"{name}: {error}",
                                   self.newest_good_version()) from None
        if not intact:
            raise HistoryCorrupted(self.files.describe(segment_file(digest)), f"{name} was changed outside "
                                   "Acquaint (its content no longer matches its name)", self.newest_good_version())
        return data

    def _is_stale(self, manifest: dict) -> bool:
        try:
            return loads(self.files.read("HEAD") or b"{}").get("manifest") != manifest["seq"]
        except ValueError:
            return False

    def change(self, seq: int) -> dict | None:
        """What version `seq` changed: {"at", "description", "ops": [[table, id, before], …]}, and for an undo
        or a redo its "subject" (the change it is about)."""
        raw = self.files.read(change_name(seq))
        if raw is None:
            return None
        try:
            change = loads(gzip.decompress(raw))
            _check_change(change)
        except (ValueError, OSError, EOFError, Malformed) as error:
            raise HistoryCorrupted(self.files.describe(change_name(seq)), str(error), None) from None
        return change

    def versions(self) -> list[dict]:
        """The kept versions, newest first: each manifest that reads, with `readable` saying whether all its
        segments do too. A manifest of this lineage newer than the one HEAD names is not a version: a commit
        killed before HEAD left it (a commit writes its manifest beside its segments, so some of those may be
        missing); the next commit writes over it, or its prune removes it."""
        found = []
        committed = self._committed()
        for name in reversed(self.files.names("manifests")):
            try:
                manifest = self._checked_manifest(f"manifests/{name}")
            except (ValueError, Malformed):
                continue
            if manifest is None or committed is not None and manifest["lineage"] == committed[1] \
                    and manifest["seq"] > committed[0]:
                continue
            found.append(manifest)
        return found

    def _committed(self) -> tuple[int, str] | None:
        """The version HEAD names and its lineage; None where that cannot be told (then every manifest counts)."""
        try:
            seq = loads(self.files.read("HEAD") or b"{}").get("manifest")
            manifest = self._checked_manifest(manifest_name(seq)) if type(seq) is int else None
        except (ValueError, Malformed, AttributeError, HistoryCorrupted):
            return None
        return (seq, manifest["lineage"]) if manifest is not None else None

    def readable(self, manifest: dict) -> bool:
        try:
            for digest in digests_of(manifest):
                raw = self.files.read(segment_file(digest))
                if raw is None or hashlib.sha256(raw).hexdigest() != digest:
                    return False
        except HistoryCorrupted:
            return False
        return True

    def newest_good_version(self) -> str | None:
        for manifest in self.versions():
            if self.readable(manifest):
                return f"version {manifest['seq']} of {manifest['at'][:16].replace('T', ' ')} UTC"
        return None

    # -- writing ------------------------------------------------------------------------------------------------

    @contextlib.contextmanager
    def locked(self, timeout: float | None = None) -> Iterator[None]:
        with self.files.locked(timeout):
            self._holding_lock = True
            try:
                yield
            finally:
                self._holding_lock = False

    def commit(self, base: dict | None, segments: dict[str, dict], fields: dict, change: dict | None,
               drop: tuple[str, ...] = (), patches: dict[str, dict] | None = None) -> dict:
        """Write a new version: `segments` (name -> content) replace the base's, `patches` (name -> the documents
        written, None for those removed) go over them, `fields` go into the manifest (and the fields named in
        `drop` leave it). Returns the new manifest. Only under the lock."""
        seq = (base["seq"] if base else 0) + 1
        if base is not None and base["format"] < SPLIT_LAYOUT:
            segments = {**self._split(base, segments), **segments}
        manifest = {**(base or {}), **fields, "format": LAYOUT_VERSION, "seq": seq,
                    "parent": base["seq"] if base else None}
        for field in drop:
            manifest.pop(field, None)
        manifest["segments"] = dict(base["segments"]) if base else {}
        manifest["patches"] = {name: list(ds) for name, ds in (base or {}).get("patches", {}).items()}
        written: list[str] = []
        for folder in ("", "segments", "changes", "manifests"):
            self.files.remove_temporaries(folder)
        try:
            with _Writers(self.files, written, len(segments)) as writers:
                for name, content in segments.items():
                    manifest["patches"].pop(name, None)
                    if not content:
                        manifest["segments"].pop(name, None)
                        continue
                    manifest["segments"][name] = self._write_segment(writers, content)
                if patches:  # one file for all of them: a merge patches hundreds of parts, each fsync costs
                    digest = self._write_segment(writers, patches)
                    for name in patches:
                        manifest["patches"].setdefault(name, []).append(digest)
                if not manifest["patches"]:
                    del manifest["patches"]
                if change is not None:
                    writers.write(change_name(seq), _gzipped_change({**change, "seq": seq}))
                writers.write(manifest_name(seq), dumps(manifest))
            self.files.sync_folders("segments", "changes", "manifests")  # all in place before HEAD names them
            self.files.write("HEAD", dumps({"manifest": seq}))  # the commit
        except (HistoryUnwritable, InvalidValue):
            for name in written:  # nothing of a failed commit stays behind to fill the disk further
                self.files.delete(name)
            raise
        except BaseException:
            for name in written:
                self.files.delete(name)
            raise
        self.prune(manifest)
        return manifest

    def _write_segment(self, writers: _Writers, content: dict) -> str:
        payload = dumps(content)
        digest = hashlib.sha256(payload).hexdigest()
        if not self.files.exists(segment_file(digest)):
            writers.write(segment_file(digest), payload)
        self._keep(digest, content, len(payload))
        return digest

    def _split(self, base: dict, segments: dict[str, dict]) -> dict[str, dict]:
        """A version of format 4 made format 5: each bucket's one segment written as its parts (layout.py), but
        for the parts the commit writes itself."""
        split: dict[str, dict] = {}
        for name in base["segments"]:
            kind, _, number = name.partition("/")
            missing = [f"{part}/{number}" for part in PARTS if f"{part}/{number}" not in segments]
            if kind == "people" and number.isdecimal() and missing:  # read only what the commit does not replace
                split.update((part, content) for part, content in parts_of_bucket(int(number), self.segment(
                    base, name)).items() if part in missing)
        return split

    def rewrite(self, manifest: dict) -> None:
        """Replace a kept version's manifest in place (scrubbing text from it): only under the lock."""
        self.files.write(manifest_name(manifest["seq"]), dumps(manifest))

    def rewrite_change(self, seq: int, change: dict) -> None:
        self.files.write(change_name(seq), _gzipped_change(change))

    def forget_segment(self, digest: str) -> None:
        """Delete a segment no kept version names any more (scrub.py replaced it)."""
        self.files.delete(segment_file(digest))
        dropped = self._segments.pop(digest, None)
        self._cached_bytes -= dropped[1] if dropped else 0
        self._drop_built_from(digest)

    def prune(self, head: dict) -> None:
        """Keep the last five versions of this lineage (and every version of another: a history copied in over
        this one must not push the old one's versions out), the change records undo and redo need, and the
        segments those versions use. Everything else goes."""
        kept, same_lineage = [], 0
        for manifest in self.versions():
            if manifest["lineage"] != head["lineage"] or same_lineage < RESTORABLE_VERSIONS:
                kept.append(manifest)
                same_lineage += manifest["lineage"] == head["lineage"]
        kept_names = {manifest_name(m["seq"]).split("/")[1] for m in kept}
        for name in self.files.names("manifests"):
            if name not in kept_names:
                self.files.delete(f"manifests/{name}")
        changes = {change_name(seq).split("/")[1] for seq in [*head["undoable"], *head["redoable"]]}
        for name in self.files.names("changes"):
            if name not in changes:
                self.files.delete(f"changes/{name}")
        used = {f"{digest}.json" for m in kept for digest in digests_of(m)}
        for name in self.files.names("segments"):
            if name not in used:
                self.files.delete(f"segments/{name}")
                dropped = self._segments.pop(name[:-5], None)
                self._cached_bytes -= dropped[1] if dropped else 0
                self._drop_built_from(name[:-5])


class _Writers:
    """A commit's new files, written beside the encoding of the next: a write waits on fsync, which lets other
    threads run, so an import's 768 segments are encoded and made durable at once (a fifth less time). A change
    of a few segments writes them, its change record and its manifest side by side as the block ends (their
    fsyncs overlap). Every file written is listed in `written` for the caller to remove if the commit fails;
    leaving the block waits for all of them and raises the first failure."""

    THREADS = 4

    def __init__(self, files, written: list[str], expected: int):
        self.files, self.written = files, written
        self.pool = None
        if expected > 2 * self.THREADS:
            from concurrent.futures import ThreadPoolExecutor  # 15 ms to import: only for large commits

            self.pool = ThreadPoolExecutor(self.THREADS)
        self.pending: list = []  # concurrent.futures.Future

    def write(self, name: str, payload: bytes) -> None:
        self.written.append(name)
        if self.pool is None:
            self.pending.append((name, payload))
        else:
            self.pending.append(self.pool.submit(self.files.write, name, payload, sync_folder=False))

    def __enter__(self) -> _Writers:
        return self

    def __exit__(self, *failure) -> None:
        if self.pool is None:
            if failure[0] is None:
                at_once([lambda name=name, payload=payload: self.files.write(name, payload, sync_folder=False)
                         for name, payload in self.pending])
            return
        self.pool.shutdown(wait=True, cancel_futures=failure[0] is not None)
        if failure[0] is None:
            for future in self.pending:
                future.result()  # the first failure, raised as the writer raised it


def _one_per_document(ops: list) -> Iterator[tuple]:
    """[table, id, before] for each document: a run of new documents is held as [table, range of ids, None]."""
    for table, doc_id, before in ops:
        if isinstance(doc_id, range):
            yield from ((table, one, None) for one in doc_id)
        else:
            yield table, doc_id, before


def _gzipped_change(change: dict) -> bytes:
    """The change record, gzipped a few thousand operations at a time: an import's record names every document
    it added, and encoding it whole would hold it twice more in memory."""
    compressor = zlib.compressobj(1, zlib.DEFLATED, 31)  # 31: the gzip container
    head = dumps({key: value for key, value in change.items() if key != "ops"})
    parts = [compressor.compress(head[:-1] + b',"ops":[')]
    ops = _one_per_document(change["ops"])
    for start in itertools.count(0, CHANGE_CHUNK):
        chunk = list(itertools.islice(ops, CHANGE_CHUNK))
        if not chunk:
            break
        parts.append(compressor.compress((b"," if start else b"") + dumps(chunk)[1:-1]))
    parts.append(compressor.compress(b"]}") + compressor.flush())
    return b"".join(parts)


def _check_change(change: object) -> None:
    if not isinstance(change, dict) or not isinstance(change.get("ops"), list):
        raise Malformed("a change record without its operations")
    for field in ("at", "description"):
        if not isinstance(change.get(field), str):
            raise Malformed(f"a change record's '{field}' is missing")
    for op in change["ops"]:
        if not (isinstance(op, list) and len(op) in (3, 4) and isinstance(op[0], str) and isinstance(op[1], int)
                and all(side is None or isinstance(side, dict) for side in op[2:])):
            raise Malformed(f"a change record's operation is not [table, id, before]: {str(op)[:80]}")


def _check_manifest(manifest: object) -> None:
    if not isinstance(manifest, dict):
        raise Malformed("a version is not an object")
    for field, kind in (("format", int), ("seq", int), ("lineage", str), ("at", str), ("segments", dict),
                        ("next_ids", dict), ("counts", dict), ("undoable", list), ("redoable", list)):
        if not isinstance(manifest.get(field), kind) or isinstance(manifest.get(field), bool):
            raise Malformed(f"a version's '{field}' is missing or of the wrong type")
    if not all(isinstance(d, str) and len(d) == 64 for d in manifest["segments"].values()):
        raise Malformed("a version names a segment that is not a content hash")
    patches = manifest.get("patches", {})
    if not isinstance(patches, dict) or not all(
            isinstance(ds, list) and all(isinstance(d, str) and len(d) == 64 for d in ds) for ds in patches.values()):
        raise Malformed("a version names a patch that is not a content hash")
    if not all(isinstance(n, int) and not isinstance(n, bool) for n in manifest["next_ids"].values()):
        raise Malformed("a version's next ids are not numbers")
