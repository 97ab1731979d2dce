"""Native-messaging framing, in-process: bounds, truncation, decoding, and the 1 MiB response limit."""

import io
import struct

import pytest

from acquaint.frame import MAX_RESPONSE_BYTES, EndOfInput, FrameError, decode, encode, read_frame
from acquaint.host import _send


def _frame(body: bytes) -> bytes:
    return struct.pack("@I", len(body)) + body


def test_reads_consecutive_frames_and_ends_cleanly():
    stream = io.BytesIO(_frame(b'{"a": 1}') + _frame("{\"b\": \"é\"}".encode()))
    assert decode(read_frame(stream)) == {"a": 1}
    assert decode(read_frame(stream)) == {"b": "é"}
    with pytest.raises(EndOfInput):
        read_frame(stream)


@pytest.mark.parametrize("data", [b"\x01", b"\x01\x00\x00", b"\x08\x00\x00\x00{\"a\"", b"\xff\xff\xff\x00abc"])
def test_truncated_header_or_body_is_end_of_input(data):
    with pytest.raises(EndOfInput):
        read_frame(io.BytesIO(data), limit=2**32)


def test_an_oversized_frame_is_skipped_and_the_next_one_read():
    stream = io.BytesIO(_frame(b"x" * 5000) + _frame(b"{}"))
    with pytest.raises(FrameError) as caught:
        read_frame(stream, limit=4096)
    assert caught.value.code == "too_large" and "5000 bytes" in str(caught.value)
    assert read_frame(stream, limit=4096) == b"{}"


def test_encode_counts_bytes_not_characters():
    framed = encode({"name": "Zoë 山田 🙂"})
    (length,) = struct.unpack("@I", framed[:4])
    assert length == len(framed) - 4
    assert decode(framed[4:]) == {"name": "Zoë 山田 🙂"}


def test_encode_refuses_a_response_over_the_browser_limit():
    with pytest.raises(ValueError, match="over the"):
        encode({"text": "x" * MAX_RESPONSE_BYTES})


def test_an_oversized_response_becomes_an_error_frame():
    out = io.BytesIO()
    _send(out, {"id": 3, "ok": True, "blob": "x" * MAX_RESPONSE_BYTES})
    reply = decode(out.getvalue()[4:])
    assert reply == {"id": 3, "ok": False,
                     "error": {"code": "internal", "message": "response too large; see the host log"}}
