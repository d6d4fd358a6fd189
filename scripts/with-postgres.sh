#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL server that this script starts and stops.
set -euo pipefail
bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
work=$(mktemp -d /tmp/earlyhelp-pg.XXXXXX)
# A free port each run, so two runs on one machine don't share a server's shared memory key.
port=${EARLYHELP_TEST_PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
run_as=()
if [ "$(id -u)" = 0 ]; then
  # PostgreSQL refuses to run as root: use its own account (or nobody) for the server.
  owner=$(id -u postgres >/dev/null 2>&1 && echo postgres || echo nobody)
  chown "$owner" "$work"
  run_as=(runuser -u "$owner" --)
fi
cleanup() {
  "${run_as[@]}" "$bindir/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
"${run_as[@]}" "$bindir/initdb" -D "$work/data" -U earlyhelp --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${run_as[@]}" "$bindir/pg_ctl" -D "$work/data" -l "$work/log" -w \
  -o "-p $port -k $work -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
export DATABASE_URL="postgres://earlyhelp@/earlyhelp?host=$work&port=$port"
"$bindir/createdb" -h "$work" -p "$port" -U earlyhelp earlyhelp
"$@"
