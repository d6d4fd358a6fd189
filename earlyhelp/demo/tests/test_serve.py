"""`earlyhelp serve`: a real WSGI server that refuses an unmigrated database and believes
only its own proxy about where a request came from."""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
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


def start(tmp_path: Path, *args: str, **extra_env: str) -> tuple[subprocess.Popen[str], str]:
    """A migrated database and the server on it, answering at the returned address."""
    env = environment(tmp_path / "served.sqlite3") | extra_env
    subprocess.run([*COMMAND, "migrate", "--noinput", "-v", "0"], cwd=tmp_path, env=env,
                   check=True, timeout=300)
    port = free_port()
    server = subprocess.Popen(
        [*COMMAND, "serve", "--port", str(port), "--threads", "2", *args], cwd=tmp_path,
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            fetch(f"{base}/sign-in/")
            return server, base
        except (urllib.error.URLError, ConnectionError):
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"the server did not start: {server.communicate()[1]}")
            time.sleep(0.3)


def fail_to_sign_in(base: str, forwarded_for: str) -> None:
    """A wrong password sent through a proxy that names the client in X-Forwarded-For."""
    cookies = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies))
    with opener.open(f"{base}/sign-in/", timeout=10) as response:
        page = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    form = urllib.parse.urlencode({
        "csrfmiddlewaretoken": token[1], "username": "nobody", "password": "wrong-password-1",
    }).encode()
    request = urllib.request.Request(
        f"{base}/sign-in/", data=form, headers={"X-Forwarded-For": forwarded_for}
    )
    with opener.open(request, timeout=10) as response:
        assert response.status == 200


def failed_sign_in_addresses(database: Path) -> list[str]:
    with sqlite3.connect(database) as db:
        rows = db.execute(
            "SELECT ip_address FROM audit_auditevent WHERE verb = 'login_failed' ORDER BY seq"
        ).fetchall()
    return [row[0] for row in rows]


@pytest.mark.parametrize(("args", "env", "recorded"), [
    # nginx on this machine names the client
    (["--trusted-proxy", "127.0.0.1"], {}, "203.0.113.7"),
    ([], {"EARLYHELP_TRUSTED_PROXY": "127.0.0.1"}, "203.0.113.7"),
    # not from the proxy: a client cannot name an address of its choosing
    (["--trusted-proxy", "192.0.2.1"], {}, "127.0.0.1"),
])
def test_it_records_the_address_a_trusted_proxy_forwards(
    tmp_path: Path, args: list[str], env: dict[str, str], recorded: str
) -> None:
    server, base = start(tmp_path, *args, **env)
    try:
        fail_to_sign_in(base, forwarded_for="203.0.113.7")
    finally:
        server.terminate()
        server.communicate(timeout=30)
    assert failed_sign_in_addresses(tmp_path / "served.sqlite3") == [recorded]


def test_it_refuses_to_serve_an_unmigrated_database(tmp_path: Path) -> None:
    result = subprocess.run(
        [*COMMAND, "serve", "--port", str(free_port())], cwd=tmp_path,
        env=environment(tmp_path / "empty.sqlite3"), capture_output=True, text=True, timeout=120,
    )
    assert result.returncode != 0
    assert "earlyhelp migrate" in result.stderr
    assert "running at" not in result.stdout


def test_it_serves_pages_and_static_files_until_stopped(tmp_path: Path) -> None:
    server, base = start(tmp_path)
    try:
        status, kind, body = fetch(f"{base}/sign-in/")
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
    assert f"{base}/" in out
