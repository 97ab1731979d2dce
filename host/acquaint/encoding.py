"""How the history's files are written and read: compact UTF-8 JSON, parsed with the cyclic collector paused."""

from __future__ import annotations

import contextlib
import gc
import json
from typing import Iterator

from .errors import InvalidValue


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Parsing a large history makes millions of dicts, and the cyclic collector rescans them again and
    again (about a third of the parse time at 30,000 people). JSON holds no reference cycles, so pausing
    it loses nothing."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def loads(raw: bytes):
    """The decoded file, or ValueError saying what is wrong with it (in words a user can act on)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ValueError(f"not UTF-8 at byte {error.start}") from None
    try:
        with gc_paused():
            return json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"not valid JSON at line {error.lineno}, column {error.colno}: {error.msg}") from None
    except RecursionError:
        raise ValueError("nested too deeply to be a history") from None
    except ValueError as error:  # a number over Python's 4,300-digit limit
        raise ValueError(f"holds a number too long to read ({error})") from None


def dumps(data) -> bytes:
    """`data` as bytes; InvalidValue (before any file is touched) for text that is not valid Unicode."""
    try:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except UnicodeEncodeError as error:
        near = error.object[max(0, error.start - 20):error.end + 20].encode("utf-8", "backslashreplace").decode()
        raise InvalidValue(f"text with an unpaired surrogate cannot be stored (near {near!r}); nothing was changed") \
            from None
