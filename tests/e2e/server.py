"""Sirene as a real process: ``sirene serve`` with its settings in the environment, as an admin runs it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import ClassVar

import httpx

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class SireneServer:
    running: ClassVar[set[SireneServer]] = set()
    """Processes started and not stopped yet: a test that fails between a start and its stop leaves none behind
    (``leave_no_server`` stops them after each test)."""

    def __init__(self, env: dict[str, str], log_path: Path) -> None:
        self.port = free_port()
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LANG": "en_GB.UTF-8",
            "PORT": str(self.port),
            "SIRENE_HOST": "127.0.0.1",
            "SIRENE_LOG_LEVEL": "INFO",
            **env,
        }
        self.log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60.0) -> SireneServer:  # generous: other suites may load the machine
        log = self.log_path.open("ab")
        self.process = subprocess.Popen([sys.executable, "-m", "bot.cli", "serve"], cwd=REPO, env=self.env,
                                        stdout=log, stderr=subprocess.STDOUT)
        SireneServer.running.add(self)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"sirene exited with {self.process.returncode}:\n{self.log()}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        raise AssertionError(f"sirene did not answer /healthz in {timeout}s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""

    def stop(self) -> None:
        SireneServer.running.discard(self)
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def kill(self) -> None:
        SireneServer.running.discard(self)
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

