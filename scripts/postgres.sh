#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests: a fresh cluster in a
# temporary directory, listening on loopback only, on a free port.
#
# Sourced (as scripts/test does):
#     . scripts/postgres.sh
#     pg_start          # installs PostgreSQL when missing, starts the cluster,
#                       # creates the database, exports DEMARCHE_TEST_POSTGRES
#     ...               # and stops it at exit (trap)
# By hand:
#     eval "$(scripts/postgres.sh start)"   # prints the exports
#     cargo test -p demarche-store
#     scripts/postgres.sh stop "$DEMARCHE_PG_DIR"
#
# PostgreSQL comes from Debian's packages (apt-get install postgresql, as
# root) when initdb and pg_ctl are not found; the server binaries live in
# /usr/lib/postgresql/<version>/bin. initdb refuses to run as root, so as
# root the cluster runs as the user postgres (created by the package).
#
# The test cluster runs with fsync=off (a test's data need not survive a power
# cut); PG_FSYNC=on starts it durable, as a benchmark must.

pg_bin_dir() {
    local d
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(readlink -f "$(command -v initdb)")"
        return 0
    fi
    for d in /usr/lib/postgresql/*/bin; do
        if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
            echo "$d"
            return 0
        fi
    done
    return 1
}

pg_install() {
    if pg_bin_dir >/dev/null; then
        return 0
    fi
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "postgres.sh: installing PostgreSQL (apt-get install postgresql)" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q >&2
        apt-get install -y -q --no-install-recommends postgresql >&2
        # The package may start a cluster of its own: it is not used.
    else
        echo "postgres.sh: initdb/pg_ctl missing and cannot be installed here (need root and apt-get)" >&2
        return 1
    fi
    pg_bin_dir >/dev/null
}

# A TCP port nobody listens on.
pg_free_port() {
    local port
    for port in $(seq 55432 55532); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    return 1
}

# Runs a command as the cluster's owner.
pg_as_owner() {
    if [ "$(id -u)" = 0 ]; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

# Starts a cluster; prints the shell lines that export its settings.
pg_start_cluster() {
    local bin dir port
    pg_install || return 1
    bin=$(pg_bin_dir)
    dir=$(mktemp -d "${TMPDIR:-/tmp}/demarche-pg.XXXXXX")
    if [ "$(id -u)" = 0 ]; then
        chown postgres: "$dir"
    fi
    port=$(pg_free_port) || { echo "postgres.sh: no free port" >&2; return 1; }
    pg_as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 ||
        { cat "$dir/initdb.log" >&2; return 1; }
    pg_as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=${PG_FSYNC:-off} -c max_connections=200" start >/dev/null ||
        { cat "$dir/server.log" >&2; return 1; }
    pg_as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres demarche_test ||
        { pg_stop_cluster "$dir"; return 1; }
    echo "export DEMARCHE_PG_DIR='$dir'"
    echo "export DEMARCHE_TEST_POSTGRES='postgres://postgres@127.0.0.1:$port/demarche_test'"
}

# Stops the cluster in `dir` and removes it.
pg_stop_cluster() {
    local dir=$1 bin
    [ -n "$dir" ] && [ -d "$dir/data" ] || return 0
    bin=$(pg_bin_dir) || return 0
    pg_as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
}

# For a sourcing script: start, export, stop at exit.
pg_start() {
    local lines
    lines=$(pg_start_cluster) || return 1
    eval "$lines"
    trap 'pg_stop_cluster "$DEMARCHE_PG_DIR"' EXIT
    echo "postgres.sh: PostgreSQL at $DEMARCHE_TEST_POSTGRES" >&2
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    case "${1:-}" in
        start) pg_start_cluster ;;
        stop) pg_stop_cluster "${2:-${DEMARCHE_PG_DIR:-}}" ;;
        *)
            echo "usage: $0 start | stop [DIR]" >&2
            exit 2
            ;;
    esac
fi
