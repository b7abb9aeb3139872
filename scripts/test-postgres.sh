#!/usr/bin/env bash
# Start a throwaway PostgreSQL on 127.0.0.1:54329 for the store tests (Debian's postgresql,
# installed if missing). Idempotent: a running one is left as it is. Prints the URL.
set -eu
PORT=${OPSLAB_TEST_PG_PORT:-54329}
DIR=${OPSLAB_TEST_PG_DIR:-/var/lib/opslab/pg-test}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "installing postgresql" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql >/dev/null 2>&1 || {
    apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql >/dev/null
  }
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi
as_pg() { runuser -u postgres -- "$@"; }
if ! as_pg "$bin/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
  if [ ! -f "$DIR/PG_VERSION" ]; then
    mkdir -p "$DIR" && chown postgres:postgres "$DIR" && chmod 700 "$DIR"
    as_pg "$bin/initdb" -D "$DIR" -U postgres --auth=trust -E UTF8 >/dev/null
  fi
  as_pg "$bin/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w -t 60 \
    -o "-p $PORT -c listen_addresses=127.0.0.1 -k /tmp -c fsync=off -c max_connections=100" start >/dev/null
fi
as_pg "$bin/psql" -h 127.0.0.1 -p "$PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'opslab_test'" | grep -q 1 ||
  as_pg "$bin/createdb" -h 127.0.0.1 -p "$PORT" -U postgres opslab_test
echo "postgres://postgres@127.0.0.1:$PORT/opslab_test"
