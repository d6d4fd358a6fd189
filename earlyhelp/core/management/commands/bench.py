"""`earlyhelp bench NAME`: run a benchmark from bench/ and write its figures to the docs."""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import platform
import re
import shlex
import shutil
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

ROOT = Path(settings.BASE_DIR).parent
BENCH = ROOT / "bench"
REPORT = ROOT / "docs" / "benchmarks.md"
BENCHMARKS = ("matching-quality", "matching-speed", "dashboard", "annex-a")
OTHERS = ("matching-train",)
VENDORS = {"sqlite": "sqlite", "postgresql": "postgresql"}


def machine() -> str:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        ram = next(
            int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        memory = f"{ram / 1024 / 1024:.0f} GiB RAM"
    except (OSError, StopIteration):
        memory = "RAM unknown"
    return (f"{cpu}, {os.cpu_count()} cores, {memory}, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}")


def database() -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
        cursor.execute("SELECT sqlite_version()")
        return f"SQLite {cursor.fetchone()[0]}"


def write_section(title: str, body: str) -> None:
    """Replace the section under this heading, or add it; other sections stay as they were."""
    text = REPORT.read_text(encoding="utf-8") if REPORT.exists() else (
        "# Benchmarks\n\nFigures written by `earlyhelp bench`; each section is replaced when "
        "its benchmark runs again.\n"
    )
    section = f"## {title}\n\n{body.strip()}\n"
    pattern = re.compile(rf"^## {re.escape(title)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text).rstrip() + "\n"
    else:
        text = text.rstrip() + "\n\n" + section
    REPORT.write_text(text, encoding="utf-8")


def load(name: str) -> ModuleType:
    path = BENCH / f"{name.replace('-', '_')}.py"
    if not path.exists():
        raise CommandError(f"No benchmark {name}: expected {path}")
    spec = importlib.util.spec_from_file_location(f"bench_{path.stem}", path)
    if spec is None or spec.loader is None:
        raise CommandError(f"No benchmark {name}: {path} cannot be loaded as a module")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Command(BaseCommand):
    help = ("Run a benchmark (matching-quality, matching-speed, dashboard, annex-a, all) or "
            "matching-train.")
    # A benchmark needs the models, not the pages: it runs while pages are being worked on.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("name", choices=[*BENCHMARKS, *OTHERS, "all"])
        parser.add_argument("--people", type=int, default=1_000_000,
                            help="people on record for the speed benchmark")
        parser.add_argument("--lookups", type=int, default=1000,
                            help="incoming people looked up by the speed benchmark")
        parser.add_argument("--requests", type=int, default=1_000_000,
                            help="requests for support over ten years in the county the "
                                 "dashboard and Annex A benchmarks read")
        parser.add_argument("--county", default="",
                            help="keep the county database here (SQLite: a file; PostgreSQL: "
                                 "a database name) and reuse it when it is already there")
        parser.add_argument("--database", choices=list(VENDORS), default=None,
                            help="refuse to run unless DATABASE_URL points at this kind")
        parser.add_argument("--no-report", action="store_true",
                            help="print the figures without writing docs/benchmarks.md")

    def handle(self, *args, **options) -> None:
        wanted = options["database"]
        if wanted and connection.vendor != VENDORS[wanted]:
            raise CommandError(
                f"DATABASE_URL is {connection.vendor}; for {wanted} run this under "
                "scripts/with-postgres.sh"
            )
        # The county benchmarks come last in BENCHMARKS: they share one database to the end.
        names = BENCHMARKS if options["name"] == "all" else (options["name"],)
        command = "earlyhelp " + " ".join(shlex.quote(a) for a in sys.argv[1:])
        county: str | None = None
        try:
            for name in names:
                module = load(name)
                if getattr(module, "COUNTY", False):
                    # The county benchmarks share one county for the run, or the kept one.
                    if county is None:
                        county = self._county_database(options["county"])
                    self._run(module, options, command)
                    continue
                old_name = self._throwaway_database()
                try:
                    self._run(module, options, command)
                finally:
                    self._destroy(old_name)
        finally:
            if county is not None:
                self._destroy(county, keep=bool(options["county"]))

    def _run(self, module: ModuleType, options: dict, command: str) -> None:
        started = time.monotonic()
        title, body = module.run(options, self._say)
        took = time.monotonic() - started
        header = (
            f"- Command: `{command}`\n- Date: {dt.date.today().isoformat()}\n"
            f"- Database: {database()}\n- Machine: {machine()}\n"
            f"- Wall time: {took:.0f} s\n\n"
        )
        self.stdout.write(f"## {title}\n\n{header}{body}")
        if not options["no_report"]:
            write_section(title, header + body)

    def _destroy(self, old_name: str, keep: bool = False) -> None:
        made = connection.settings_dict["NAME"]
        connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=keep)
        if not keep and connection.vendor == "sqlite" and "earlyhelp-bench-" in str(made):
            shutil.rmtree(Path(made).parent, ignore_errors=True)

    def _county_database(self, keep: str) -> str:
        """The county's database: kept at `keep` and reused if it is there already, else
        made for this run and dropped after it."""
        old_name = connection.settings_dict["NAME"]
        test = connection.settings_dict.setdefault("TEST", {})
        if connection.vendor == "sqlite":
            test["NAME"] = str(Path(keep).resolve()) if keep else str(
                Path(tempfile.mkdtemp(prefix="earlyhelp-bench-")) / "county.sqlite3")
        else:
            test["NAME"] = keep or f"{old_name}_bench_county"
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False,
                                           keepdb=bool(keep))
        return old_name

    def _throwaway_database(self) -> str:
        """Benchmarks load their own people into a database made for the run, never the
        service's own."""
        old_name = connection.settings_dict["NAME"]
        if connection.vendor == "sqlite":
            # On disk, as in service: an in-memory database would flatter the figures.
            path = Path(tempfile.mkdtemp(prefix="earlyhelp-bench-")) / "bench.sqlite3"
            connection.settings_dict.setdefault("TEST", {})["NAME"] = str(path)
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        return old_name

    def _say(self, message: str) -> None:
        self.stderr.write(message)
