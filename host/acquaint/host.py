"""`acquaint-host`: the native-messaging host the browser starts. Frames in on stdin, frames out on stdout.

Nothing but frames may reach stdout, or the browser drops the port ("Error when communicating with the native
messaging host"), so sys.stdout is pointed at stderr for the life of the process and frames are written to
the real stdout's buffer only. Logs go to stderr (Firefox shows them in the Browser Console) and to
acquaint-host.log in the user's log folder.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from typing import BinaryIO

from . import __version__, paths
from .files import FolderFiles
from .frame import EndOfInput, FrameError, decode, encode, read_frame
from .history import History
from .service import HostService, error_response

log = logging.getLogger("acquaint.host")

LOG_FILE = "acquaint-host.log"
# The extension gives up on an answer after 15 s: a host waiting for another writer says "busy" well before.
LOCK_TIMEOUT_SECONDS = 4.0


def setup_logging() -> None:
    formatter = logging.Formatter("%(asctime)s acquaint-host[%(process)d] %(levelname)s %(message)s")
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    try:
        folder = paths.log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        handlers.append(logging.handlers.RotatingFileHandler(folder / LOG_FILE, maxBytes=1_000_000, backupCount=2,
                                                             encoding="utf-8"))
    except OSError as error:
        print(f"acquaint-host: cannot write a log file ({error}); logging to stderr only", file=sys.stderr)
    for handler in handlers:
        handler.setFormatter(formatter)
        log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False


def _send(writer: BinaryIO, response: dict) -> None:
    try:
        payload = encode(response)
    except ValueError as error:  # over the browser's 1 MiB limit: send the error instead of the frame
        log.error("%s", error)
        payload = encode(error_response(response.get("id"), "internal", "response too large; see the host log"))
    writer.write(payload)
    writer.flush()


def serve(reader: BinaryIO, writer: BinaryIO, service: HostService) -> int:
    """Answer frames until end of input. Bad frames get an error response; the next good one is answered."""
    while True:
        try:
            body = read_frame(reader)
        except EndOfInput as end:
            log.info("input closed (%s); exiting", end)
            return 0
        except FrameError as error:
            log.warning("bad frame: %s", error)
            _send(writer, error_response(None, error.code, str(error)))
            continue
        try:
            message = decode(body)
        except FrameError as error:
            log.warning("bad message: %s", error)
            _send(writer, error_response(None, error.code, str(error)))
            continue
        _send(writer, service.respond(message))


def main() -> int:
    frames_out = sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print() must not corrupt the channel
    setup_logging()
    log.info("acquaint-host %s started by %s", __version__, " ".join(sys.argv[1:]) or "a shell")
    try:
        history = History(FolderFiles(paths.history_dir(), lock_timeout=LOCK_TIMEOUT_SECONDS),
                          paths.legacy_history_path())
        return serve(sys.stdin.buffer, frames_out, HostService(history))
    except BrokenPipeError:
        log.info("browser closed the port; exiting")
        return 0
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
