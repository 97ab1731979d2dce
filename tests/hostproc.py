"""A real `acquaint-host` process on real pipes, for tests: send frames, read frames, check stdout is clean."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
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

    def send_raw(self, data: bytes) -> None:
        self.process.stdin.write(data)
        self.process.stdin.flush()

    def send(self, message) -> None:
        self.send_raw(frame(message))

    def receive(self) -> dict:
        header = self.process.stdout.read(4)
        assert len(header) == 4, f"host closed stdout; stderr: {self.process.stderr.read().decode()}"
        (length,) = struct.unpack("@I", header)
        body = self.process.stdout.read(length)
        assert len(body) == length
        return json.loads(body)

    def ask(self, message) -> dict:
        self.send(message)
        return self.receive()

    def close(self, timeout: float = 20) -> tuple[int, bytes, str]:
        """Close stdin as the browser does; the exit code, whatever stdout still held, and stderr."""
        self.process.stdin.close()
        rest = self.process.stdout.read()
        code = self.process.wait(timeout=timeout)
        return code, rest, self.process.stderr.read().decode("utf-8", "replace")
