#!/usr/bin/env bash
# with-postgres.sh CMD [ARG...]: start a throw-away PostgreSQL server (Debian's
# postgresql package) in a temporary data directory, listening on a Unix socket only
# (no TCP), run CMD with ICP_TEST_PG_DSN set to a DSN for it, then stop the server and
# remove the directory. Exits with CMD's status.
#
# The server runs as the current user; as root (CI containers) it runs as the
# "postgres" user created by the package, since PostgreSQL refuses to run as root.
# The database is UTF8 with a C.UTF-8 locale, so lower() folds non-ASCII letters.
# Environment: PG_BIN overrides the directory of initdb/pg_ctl (default: the newest
# /usr/lib/postgresql/*/bin).
set -euo pipefail
if [ $# -eq 0 ]; then
	echo "usage: $0 CMD [ARG...]" >&2
	exit 2
fi
bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)}
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
	echo "with-postgres: no PostgreSQL server found (apt-get install postgresql)" >&2
	exit 2
fi
dir=$(mktemp -d "${TMPDIR:-/tmp}/icp-pg.XXXXXX")
as=()
if [ "$(id -u)" = 0 ]; then
	chown postgres "$dir"
	as=(runuser -u postgres --)
fi
user=$(if [ ${#as[@]} -gt 0 ]; then echo postgres; else id -un; fi)
cleanup() {
	"${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
	rm -rf "$dir"
}
trap cleanup EXIT
"${as[@]}" "$bin/initdb" -D "$dir/data" -U "$user" -E UTF8 --locale=C.UTF-8 --auth=trust >"$dir/initdb.log" 2>&1 ||
	{ cat "$dir/initdb.log" >&2; exit 1; }
# listen_addresses='' : Unix socket only; the socket lives in the temp directory.
"${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
	-o "-c listen_addresses='' -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null ||
	{ cat "$dir/server.log" >&2; exit 1; }
chmod 755 "$dir" 2>/dev/null || true
export ICP_TEST_PG_DSN="host=$dir user=$user dbname=postgres sslmode=disable"
set +e
"$@"
status=$?
set -e
exit $status
