"""`earlyhelp serve`: a real WSGI server that refuses an unmigrated database."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

COMMAND = [sys.executable, "-m", "earlyhelp.cli"]


def environment(database: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["DATABASE_URL"] = f"sqlite:///{database}"
    env["DJANGO_SETTINGS_MODULE"] = "earlyhelp.settings"
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> tuple[int, str, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers.get("Content-Type", ""), response.read()


def test_it_refuses_to_serve_an_unmigrated_database(tmp_path: Path) -> None:
    result = subprocess.run(
        [*COMMAND, "serve", "--port", str(free_port())], cwd=tmp_path,
        env=environment(tmp_path / "empty.sqlite3"), capture_output=True, text=True, timeout=120,
    )
    assert result.returncode != 0
    assert "earlyhelp migrate" in result.stderr
    assert "running at" not in result.stdout


def test_it_serves_pages_and_static_files_until_stopped(tmp_path: Path) -> None:
    env = environment(tmp_path / "served.sqlite3")
    subprocess.run([*COMMAND, "migrate", "--noinput", "-v", "0"], cwd=tmp_path, env=env,
                   check=True, timeout=300)
    port = free_port()
    server = subprocess.Popen(
        [*COMMAND, "serve", "--port", str(port), "--threads", "2"], cwd=tmp_path, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                status, kind, body = fetch(f"{base}/sign-in/")
                break
            except (urllib.error.URLError, ConnectionError):
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"the server did not start: {server.communicate()[1]}")
                time.sleep(0.3)
        assert status == 200
        assert "text/html" in kind
        assert b"Sign in" in body
        status, kind, body = fetch(f"{base}/static/vendor/earlyhelp.css")
        assert status == 200
        assert "text/css" in kind
        assert b"govuk-" in body
    finally:
        server.terminate()
        out, _ = server.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}/" in out
