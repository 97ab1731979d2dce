"""Change the history, but SIGKILL this process at one chosen step of the write: a crash at that instant.

usage: die_during_write.py STEP   with STEP one of: temp-written, rotating, before-rename, after-rename
"""

import os
import signal
import sys
from datetime import datetime, timezone

import acquaint.storage as storage
from acquaint.history import History
from acquaint.people import add_person


def die(*_args, **_kwargs):
    os.kill(os.getpid(), signal.SIGKILL)


def main() -> None:
    step = sys.argv[1]
    history = History()
    real_replace = os.replace
    if step == "temp-written":
        storage.os.fsync = die  # the temporary file holds the data; nothing renamed yet
    elif step == "rotating":
        calls = []

        def replace_then_die(src, dst):
            real_replace(src, dst)
            calls.append(dst)
            if len(calls) == 3:  # three backups shifted, the rest not
                die()

        storage.os.replace = replace_then_die
    elif step == "before-rename":
        storage.os.replace = lambda src, dst: die() if str(dst) == str(history.path) else real_replace(src, dst)
    elif step == "after-rename":
        storage._fsync_folder = die
    else:
        raise SystemExit(f"unknown step {step}")
    now = datetime.now(timezone.utc)
    with history.change("doomed") as tx:
        add_person(tx, "Doomed Write", [("email", "doomed@example.com")], now=now)
    print("survived", flush=True)


if __name__ == "__main__":
    main()
