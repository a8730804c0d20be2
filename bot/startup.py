"""Checks made before Sirene claims to listen: the port is free. Each problem is one line for the operator."""

from __future__ import annotations

import errno
import socket


class PortInUse(Exception):
    def __init__(self, port: int) -> None:
        super().__init__(f"port {port} is in use")
        self.port = port


def ensure_port_free(host: str, port: int) -> None:
    """Raise :class:`PortInUse` when another process listens on ``host:port`` (as uvicorn will bind it)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    probe = socket.socket(family, socket.SOCK_STREAM)
    try:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((host, port))
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise PortInUse(port) from None
        raise
    finally:
        probe.close()
