"""Change the history, but SIGKILL this process at one chosen step of the commit: a crash at that instant.

usage: die_during_write.py STEP   with STEP one of the STEPS below
"""

import os
import signal
import sys
from datetime import datetime, timezone

from acquaint.files import FolderFiles
from acquaint.history import History
from acquaint.people import add_person

# step -> (which file write or delete, how many of them happen first)
STEPS = {
    "segment-temp-written": ("fsync", "segments/", 0),   # a segment's temporary file written, not renamed
    "between-segments": ("write", "segments/", 1),       # one segment in place, the others not
    "manifest-written": ("write", "manifests/", 1),      # every new file in place but HEAD
    "head-temp-written": ("fsync", "HEAD", 0),           # HEAD's temporary written, not renamed
    "after-commit": ("write", "HEAD", 1),                # committed; the folder not yet synced, nothing pruned
    "while-pruning": ("delete", "", 0),                  # committed; old versions half pruned
}


def die(*_args, **_kwargs):
    os.kill(os.getpid(), signal.SIGKILL)


def main() -> None:
    action, prefix, after = STEPS[sys.argv[1]]
    history = History()
    calls = []
    real_write, real_delete, real_fsync = FolderFiles.write, FolderFiles.delete, os.fsync
    target = {"name": None}

    def write(self, name, payload, **options):
        target["name"] = name
        if action == "fsync" and name.startswith(prefix):
            os.fsync = lambda fd: die()
        real_write(self, name, payload, **options)
        os.fsync = real_fsync
        if action == "write" and name.startswith(prefix):
            calls.append(name)
            if len(calls) == after:
                die()

    def delete(self, name):
        if action == "delete" and name.startswith(prefix):
            die()
        real_delete(self, name)

    FolderFiles.write, FolderFiles.delete = write, delete
    now = datetime.now(timezone.utc)
    with history.change("doomed") as tx:
        for n in range(5):  # people in several buckets: several segments to write
            add_person(tx, f"Doomed Write {n}", [("email", f"doomed{n}@example.com")], now=now)
    print("survived", flush=True)


if __name__ == "__main__":
    main()
