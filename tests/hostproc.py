"""A real `acquaint-host` process on real pipes, for tests: send frames, read frames, check stdout is clean."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import threading
from pathlib import Path


def frame(message) -> bytes:
    body = message if isinstance(message, bytes) else json.dumps(message).encode("utf-8")
    return struct.pack("@I", len(body)) + body


class HostProcess:
    def __init__(self, home: Path, extra_env: dict | None = None):
        env = {**os.environ, "ACQUAINT_HOME": str(home), **(extra_env or {})}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "acquaint.host", "chrome-extension://test/"], env=env,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        # Drained as it comes, as a browser does: a host that logs a lot must not block on a full pipe here.
        self._stderr: list[bytes] = []
        self._drain = threading.Thread(target=lambda: self._stderr.extend(iter(self.process.stderr.readline, b"")),
                                       daemon=True)
        self._drain.start()

    @property
    def stderr(self) -> str:
        return b"".join(self._stderr).decode("utf-8", "replace")

    def send_raw(self, data: bytes) -> None:
        self.process.stdin.write(data)
        self.process.stdin.flush()

    def send(self, message) -> None:
        self.send_raw(frame(message))

    def receive(self) -> dict:
        header = self.process.stdout.read(4)
        if len(header) != 4:
            self.process.wait(timeout=20)
            self._drain.join(timeout=5)
        assert len(header) == 4, f"host closed stdout; stderr: {self.stderr}"
        (length,) = struct.unpack("@I", header)
        body = self.process.stdout.read(length)
        assert len(body) == length
        return json.loads(body)

    def ask(self, message) -> dict:
        self.send(message)
        return self.receive()

    def burst(self, data: bytes, timeout: float = 120) -> bytes:
        """Write all of data, close stdin and return everything the host wrote to stdout until it exited.

        Not Popen.communicate(): it would read stderr too, racing the drain thread for each line; when the
        thread wins, communicate() blocks reading a pipe that stays empty and stops feeding stdin (a hang
        that CI met once).
        """
        def write_all():
            try:
                self.process.stdin.write(data)
                self.process.stdin.close()
            except BrokenPipeError:
                pass  # the host exited early; the assertions on what it wrote say why

        writer = threading.Thread(target=write_all, daemon=True)
        watchdog = threading.Timer(timeout, self.process.kill)  # a hung host fails the test, not the whole run
        writer.start()
        watchdog.start()
        try:
            out = self.process.stdout.read()  # replies are drained while the burst is written
        finally:
            watchdog.cancel()
        self.process.wait(timeout=timeout)
        writer.join(timeout=timeout)
        self._drain.join(timeout=5)
        return out

    def close(self, timeout: float = 20) -> tuple[int, bytes, str]:
        """Close stdin as the browser does; the exit code, whatever stdout still held, and stderr."""
        self.process.stdin.close()
        rest = self.process.stdout.read()
        code = self.process.wait(timeout=timeout)
        self._drain.join(timeout=5)
        return code, rest, self.stderr
