"""The export commands write files only their operator can read, never over an existing
file unless told to, and record who ran them."""

from __future__ import annotations

import getpass
import io
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from earlyhelp.audit.models import AuditEvent, Verb
from earlyhelp.core.testing import Cast, allocated_episode

pytestmark = pytest.mark.usefixtures("monday_morning")

ANNEX_A = ("annex_a", "--as-of", "2026-11-30", "--lists", "2")
EXTRACT = ("extract", "requests", "--from", "2026-11-01", "--to", "2026-11-02")
COMMANDS = pytest.mark.parametrize("command", [ANNEX_A, EXTRACT], ids=["annex-a", "extract"])


@pytest.fixture(autouse=True)
def world_readable_umask() -> Iterator[None]:
    """The usual umask, under which an ordinary open() makes files anyone can read."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def run(command: tuple[str, ...], *args: str) -> str:
    out = io.StringIO()
    call_command(*command, *args, stdout=out)
    return out.getvalue()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def exports() -> int:
    return AuditEvent.objects.filter(verb=Verb.EXPORT).count()


@COMMANDS
def test_the_file_is_readable_by_its_owner_alone(
    cast: Cast, tmp_path: Path, command: tuple[str, ...],
) -> None:
    allocated_episode(cast)
    out = tmp_path / "export"
    assert "Wrote" in run(command, "--output", str(out))
    assert mode(out) == 0o600
    assert out.stat().st_size > 0


@COMMANDS
def test_an_existing_file_is_kept_and_nothing_is_exported(
    cast: Cast, tmp_path: Path, command: tuple[str, ...],
) -> None:
    out = tmp_path / "precious"
    out.write_text("keep me")
    with pytest.raises(CommandError, match="already exists: name another file with --output, "
                                           "or give --force to overwrite it"):
        run(command, "--output", str(out))
    assert out.read_text() == "keep me"
    assert exports() == 0


@COMMANDS
def test_force_overwrites_an_existing_file_and_makes_it_private(
    cast: Cast, tmp_path: Path, command: tuple[str, ...],
) -> None:
    out = tmp_path / "old"
    out.write_text("last month's")
    out.chmod(0o644)
    run(command, "--output", str(out), "--force")
    assert out.read_bytes() != b"last month's"
    assert mode(out) == 0o600
    assert exports() == 1


@COMMANDS
def test_a_symbolic_link_is_never_followed(
    cast: Cast, tmp_path: Path, command: tuple[str, ...],
) -> None:
    target = tmp_path / "elsewhere"
    target.write_text("not yours")
    link = tmp_path / "link"
    link.symlink_to(target)
    for force in ([], ["--force"]):
        with pytest.raises(CommandError):
            run(command, "--output", str(link), *force)
    assert target.read_text() == "not yours"
    assert exports() == 0


@COMMANDS
def test_without_an_analyst_the_export_names_the_account_that_ran_it(
    cast: Cast, tmp_path: Path, command: tuple[str, ...],
) -> None:
    run(command, "--output", str(tmp_path / "export"))
    event = AuditEvent.objects.get(verb=Verb.EXPORT)
    assert event.actor_label == "system"
    assert event.detail["operator"] == getpass.getuser()


@COMMANDS
def test_for_an_analyst_the_export_is_theirs(
    cast: Cast, tmp_path: Path, command: tuple[str, ...],
) -> None:
    run(command, "--output", str(tmp_path / "export"), "--by", "ana_analyst")
    event = AuditEvent.objects.get(verb=Verb.EXPORT)
    assert event.actor_label == "ana_analyst"
    assert "operator" not in event.detail


def test_the_default_file_name_is_claimed_privately_too(
    cast: Cast, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    run(EXTRACT)
    assert mode(tmp_path / "requests-2026-11-01-to-2026-11-02.csv") == 0o600
    with pytest.raises(CommandError, match="already exists"):
        run(EXTRACT)
    assert exports() == 1
