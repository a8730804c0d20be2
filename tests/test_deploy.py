"""The deployment examples (deploy/) are valid for the tools that read them: ``systemd-analyze verify`` for the
unit, ``nginx -t`` for the reverse proxy. Each test skips, saying why, where its tool is not installed
(Debian: ``apt-get install systemd nginx-light openssl``)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DEPLOY = REPO / "deploy"


def _tool(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/bin:/sbin:/bin")
    if found is None:
        pytest.skip(f"{name} is not installed")
    return found


def test_the_systemd_unit_verifies(tmp_path: Path) -> None:
    analyze = _tool("systemd-analyze")
    # The unit runs /opt/sirene/.venv/bin/sirene: verify it against the same layout under tmp_path.
    executable = tmp_path / "opt" / "sirene" / ".venv" / "bin" / "sirene"
    executable.parent.mkdir(parents=True)
    executable.write_text("#!/bin/sh\n", encoding="utf-8")
    executable.chmod(0o755)
    unit = tmp_path / "sirene.service"
    unit.write_text((DEPLOY / "sirene.service").read_text(encoding="utf-8")
                    .replace("/opt/sirene", str(tmp_path / "opt" / "sirene")), encoding="utf-8")
    result = subprocess.run([analyze, "verify", "--man=no", str(unit)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "sirene.service" not in result.stderr, result.stderr  # no warning about our unit


def test_the_nginx_example_passes_nginx_t(tmp_path: Path) -> None:
    nginx = _tool("nginx")
    openssl = _tool("openssl")
    certificate, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=sirene.example.be",
                    "-days", "1", "-keyout", str(key), "-out", str(certificate)], capture_output=True, check=True)
    site = tmp_path / "sirene.conf"
    site.write_text((DEPLOY / "nginx.conf").read_text(encoding="utf-8")
                    .replace("/etc/ssl/certs/ssl-cert-snakeoil.pem", str(certificate))
                    .replace("/etc/ssl/private/ssl-cert-snakeoil.key", str(key)), encoding="utf-8")
    main = tmp_path / "nginx.conf"
    main.write_text(f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
                    f"http {{\n  access_log {tmp_path}/access.log;\n  include {site};\n}}\n", encoding="utf-8")
    result = subprocess.run([nginx, "-t", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"), "-c", str(main)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr
