"""Stamps: a hybrid logical clock, so that changes made on several computers have one order.

A stamp is text that sorts as it should: 12 hex digits of milliseconds since 1970, 4 of a counter, then the
device id (12 hex digits), e.g. `0192f3a4b5c6` `0000` `a1b2c3d4e5f6`. A device's next stamp is newer than both
its clock and every stamp it has seen, so a change made after seeing another is ordered after it even when
this computer's clock is behind; ties between devices go to the larger device id. A clock that is hours
ahead makes that device's changes win for those hours: `acquaint sync status` says when a device's last
stamp lies in the future.
"""

from __future__ import annotations

import time

STAMP_TIME, STAMP_COUNTER = 12, 4
DEVICE_ID_LENGTH = 12


def make(ms: int, counter: int, device: str) -> str:
    return f"{ms:0{STAMP_TIME}x}{counter:0{STAMP_COUNTER}x}{device}"


def parts(stamp: str) -> tuple[int, int, str]:
    head = STAMP_TIME + STAMP_COUNTER
    return int(stamp[:STAMP_TIME], 16), int(stamp[STAMP_TIME:head], 16), stamp[head:]


def seconds_of(stamp: str) -> float:
    return parts(stamp)[0] / 1000


def wall_ms(device: str) -> int:
    """This computer's clock (a simulation replaces it, to give each device its own)."""
    return int(time.time() * 1000)


def next_stamp(last: str, device: str, now_ms: int | None = None) -> str:
    """The stamp of a change made now on `device`, after `last` (the newest stamp it issued or saw)."""
    wall = wall_ms(device) if now_ms is None else now_ms
    if last:
        ms, counter, _ = parts(last)
        if wall <= ms:
            if counter + 1 < 16 ** STAMP_COUNTER:
                return make(ms, counter + 1, device)
            return make(ms + 1, 0, device)
    return make(wall, 0, device)
