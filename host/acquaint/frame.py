"""Native-messaging frames: a 32-bit length in native byte order, then that many bytes of UTF-8 JSON.

The `nativemessaging` package (the MDN example) is used to encode responses, which it does correctly. Its
reader is not used: it reads sys.stdin itself, allocates whatever length a garbage header claims (up to
4 GiB), raises struct.error on a truncated header and calls sys.exit() at end of input. `read_frame` bounds the
length, skips an oversized body in small pieces, and reports a truncated frame as the end of input.

Run as `python -m acquaint.frame 'JSON'` to frame a message for piping into the host by hand.
"""

from __future__ import annotations

import json
import struct
import sys
from typing import BinaryIO

import nativemessaging

MAX_REQUEST_BYTES = 1024 * 1024   # the extension sends a few KiB; anything near this is not ours
MAX_RESPONSE_BYTES = 1024 * 1024  # the browsers' limit host -> browser; a larger frame closes the port
_HEADER = struct.Struct("@I")
_SKIP_CHUNK = 64 * 1024


class EndOfInput(Exception):
    """The browser closed the port (possibly in the middle of a frame)."""


class FrameError(Exception):
    """A frame that cannot be a request; `code` is the protocol's error code."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def _read_exactly(reader: BinaryIO, size: int) -> bytes:
    chunks, remaining = [], size
    while remaining:
        chunk = reader.read(remaining)
        if not chunk:
            raise EndOfInput(f"input ended {remaining} bytes short of a {size}-byte read")
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def _skip(reader: BinaryIO, size: int) -> None:
    while size:
        chunk = reader.read(min(size, _SKIP_CHUNK))
        if not chunk:
            raise EndOfInput("input ended inside an oversized frame")
        size -= len(chunk)


def read_frame(reader: BinaryIO, limit: int = MAX_REQUEST_BYTES) -> bytes:
    """The next frame's body. EndOfInput at end of input; FrameError('too_large') after skipping a body
    over `limit`, so that the next frame can be read."""
    header = reader.read(_HEADER.size)
    if not header:
        raise EndOfInput("input ended")
    if len(header) < _HEADER.size:
        header += _read_exactly(reader, _HEADER.size - len(header))
    (length,) = _HEADER.unpack(header)
    if length > limit:
        _skip(reader, length)
        raise FrameError("too_large", f"message of {length} bytes is over the {limit}-byte limit; skipped")
    return _read_exactly(reader, length)


def decode(body: bytes) -> dict:
    """A frame body as a JSON object, or FrameError with the code that says what it is instead."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise FrameError("bad_utf8", f"message is not UTF-8 (byte {error.start})") from None
    try:
        message = json.loads(text)
    except json.JSONDecodeError as error:
        raise FrameError("bad_json", f"message is not JSON: {error.msg} at character {error.pos}") from None
    except RecursionError:
        raise FrameError("bad_json", "message is nested too deeply") from None
    except ValueError as error:  # a number over Python's 4,300-digit limit for int(str)
        raise FrameError("bad_json", f"message holds a number too long to read ({error})") from None
    if not isinstance(message, dict):
        raise FrameError("not_object", f"message must be a JSON object, not {type(message).__name__}")
    return message


def encode(message: dict) -> bytes:
    """The framed message; ValueError if it would break the browser's 1 MiB limit."""
    encoded = nativemessaging.encode_message(message)
    if len(encoded["content"]) > MAX_RESPONSE_BYTES:
        raise ValueError(f"response of {len(encoded['content'])} bytes is over the {MAX_RESPONSE_BYTES}-byte limit")
    return encoded["length"] + encoded["content"]


def write_frame(writer: BinaryIO, message: dict) -> None:
    writer.write(encode(message))
    writer.flush()


if __name__ == "__main__":
    for argument in sys.argv[1:] or [sys.stdin.read()]:
        sys.stdout.buffer.write(encode(json.loads(argument)))
    sys.stdout.buffer.flush()
