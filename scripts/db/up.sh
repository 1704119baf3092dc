#!/usr/bin/env bash
# npm run db:up — make a PostGIS database available and write its URL to .env. Idempotent.
#  1. DATABASE_URL in the environment and reachable → use it (a real deployment).
#  2. Otherwise run a project-local cluster under .data/pg on 127.0.0.1:${AREAL_PG_PORT:-54329}.
#  3. Missing PostgreSQL/PostGIS: install with apt when we are root on Debian/Ubuntu, else explain.
# The local cluster is durable (synchronous_commit on) and needs a password over TCP (scram-sha-256): one is
# generated into the file next to the cluster (.data/pg-password, mode 600, gitignored with .data/) and is part of
# the DATABASE_URL written to .env, which every script and test reads. Unix-socket connections use peer auth in a
# directory only the cluster's owner can enter. AREAL_PG_BENCH_ASYNC_COMMIT=1 (benches only) turns
# synchronous_commit off for speed — a crash may then lose the last commits; the benches record the setting.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"
PG_VERSION="${AREAL_PG_VERSION:-15}"
PORT="${AREAL_PG_PORT:-54329}"
DATA="$ROOT/.data/pg"
SOCK="$ROOT/.data/run"
# As root the cluster runs as postgres, which must be able to reach the data folder; a checkout under a private
# directory (mktemp -d is 0700) is not reachable, so keep the cluster in a per-checkout folder under /var/tmp then.
if [[ $(id -u) == 0 ]] && ! runuser -u postgres -- test -x "$PWD" 2>/dev/null; then
  ALT="/var/tmp/areal-pg-$(printf %s "$PWD" | sha1sum | cut -c1-12)"
  DATA="$ALT/pg"
  SOCK="$ALT/run"
fi
PWFILE="$(dirname "$DATA")/pg-password"

log() { echo "[db:up] $*" >&2; }

write_env() {
  local url="$1"
  touch .env
  chmod 600 .env # it holds the database password
  if grep -q '^DATABASE_URL=' .env; then
    sed -i "s#^DATABASE_URL=.*#DATABASE_URL=$url#" .env
  else
    echo "DATABASE_URL=$url" >> .env
  fi
}

if [[ -n "${DATABASE_URL:-}" ]]; then
  if psql "$DATABASE_URL" -Atqc 'select 1' >/dev/null 2>&1; then
    psql "$DATABASE_URL" -qc 'SET client_min_messages = warning; CREATE EXTENSION IF NOT EXISTS postgis' >/dev/null
    log "using DATABASE_URL from the environment"
    write_env "$DATABASE_URL"
    exit 0
  fi
  log "DATABASE_URL is set but not reachable; starting the project-local cluster instead"
fi

BIN="/usr/lib/postgresql/$PG_VERSION/bin"
need_install=0
[[ -x "$BIN/initdb" ]] || need_install=1
[[ -f "/usr/share/postgresql/$PG_VERSION/extension/postgis.control" ]] || need_install=1
if [[ $need_install == 1 ]]; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    log "installing postgresql-$PG_VERSION and postgresql-$PG_VERSION-postgis-3 with apt"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq "postgresql-$PG_VERSION" "postgresql-$PG_VERSION-postgis-3" >/dev/null 2>&1 || {
      apt-get update -qq && apt-get install -y -qq "postgresql-$PG_VERSION" "postgresql-$PG_VERSION-postgis-3" >/dev/null
    }
  else
    log "PostgreSQL $PG_VERSION with PostGIS is not installed. Install it, then run npm run db:up again:"
    if command -v apt-get >/dev/null; then
      echo "  sudo apt-get install -y postgresql-$PG_VERSION postgresql-$PG_VERSION-postgis-3" >&2
    elif command -v brew >/dev/null; then
      echo "  brew install postgresql@$PG_VERSION postgis   (then set AREAL_PG_VERSION / PATH accordingly)" >&2
    elif command -v dnf >/dev/null; then
      echo "  sudo dnf install -y postgresql$PG_VERSION-server postgis33_$PG_VERSION" >&2
    else
      echo "  install PostgreSQL $PG_VERSION and PostGIS 3, or set DATABASE_URL to a reachable PostGIS database" >&2
    fi
    exit 1
  fi
fi

# initdb refuses to run as root: run the cluster as the postgres user then.
as_pg() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

mkdir -p "$DATA" "$SOCK"
if [[ $(id -u) == 0 ]]; then chown postgres:postgres "$DATA" "$SOCK"; chmod 700 "$DATA"; fi
chmod 700 "$SOCK"

# The password of the cluster's roles (postgres, areal): generated once, readable by its owner only.
if [[ ! -s "$PWFILE" ]]; then
  (umask 077; head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$PWFILE")
  log "generated the local cluster's password into ${PWFILE#"$ROOT"/}"
fi
[[ $(id -u) == 0 ]] && chown postgres:postgres "$PWFILE"
chmod 600 "$PWFILE"
PASSWORD="$(cat "$PWFILE")"
LOCAL_URL="postgresql://areal:$PASSWORD@127.0.0.1:$PORT/areal"

HBA_CONTENT="# Areal local cluster (scripts/db/up.sh): peer on the socket (its directory is the owner's only),
# a password over TCP — no trust.
local   all  all                 peer map=owner
host    all  all  127.0.0.1/32   scram-sha-256
host    all  all  ::1/128        scram-sha-256"
OWNER="$(if [[ $(id -u) == 0 ]]; then echo postgres; else id -un; fi)"

if [[ ! -f "$DATA/PG_VERSION" ]]; then
  log "initialising a local cluster in ${DATA#"$ROOT"/}"
  as_pg "$BIN/initdb" -D "$DATA" -U postgres --auth-local=peer --auth-host=scram-sha-256 --pwfile="$PWFILE" \
    --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  cat >> "$DATA/postgresql.conf" <<CONF
# Areal local development cluster
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$SOCK'
password_encryption = scram-sha-256
shared_buffers = 512MB
work_mem = 32MB
maintenance_work_mem = 256MB
max_wal_size = 4GB
logging_collector = off
CONF
  printf '%s\n' "$HBA_CONTENT" | as_pg tee "$DATA/pg_hba.conf" >/dev/null
  printf 'owner  %s  postgres\nowner  %s  areal\n' "$OWNER" "$OWNER" | as_pg tee "$DATA/pg_ident.conf" >/dev/null
fi

if ! as_pg "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  log "starting PostgreSQL on 127.0.0.1:$PORT"
  as_pg "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 60 start >/dev/null
fi

# The superuser over the socket (peer: only this cluster's owner gets in).
psql_admin() { as_pg psql -h "$SOCK" -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -Atq "$@"; }

# A cluster made by an earlier version of this script trusted every local connection and ran with
# synchronous_commit = off: give its roles the password, replace pg_hba.conf, make it durable.
if grep -Eq '^[^#]*[[:space:]]trust([[:space:]]|$)' "$DATA/pg_hba.conf"; then
  log "securing an existing cluster: a password over TCP, peer on the socket (it trusted every local connection)"
  psql_trusted() { psql -h 127.0.0.1 -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -Atq "$@"; }
  for i in $(seq 1 30); do psql_trusted -d postgres -c 'select 1' >/dev/null 2>&1 && break; sleep 0.5; done
  psql_trusted -d postgres -c "ALTER ROLE postgres PASSWORD '$PASSWORD'"
  psql_trusted -d postgres -c "DO \$\$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'areal') THEN ALTER ROLE areal PASSWORD '$PASSWORD'; END IF; END \$\$"
  printf '%s\n' "$HBA_CONTENT" | as_pg tee "$DATA/pg_hba.conf" >/dev/null
  printf 'owner  %s  postgres\nowner  %s  areal\n' "$OWNER" "$OWNER" | as_pg tee "$DATA/pg_ident.conf" >/dev/null
  psql_trusted -d postgres -c 'SELECT pg_reload_conf()' >/dev/null
fi

if grep -q '^synchronous_commit = off' "$DATA/postgresql.conf"; then as_pg sed -i '/^synchronous_commit = off$/d' "$DATA/postgresql.conf"; fi
for i in $(seq 1 30); do psql_admin -d postgres -c 'select 1' >/dev/null 2>&1 && break; sleep 0.5; done
if [[ -z $(psql_admin -d postgres -c "select 1 from pg_roles where rolname='areal'") ]]; then
  psql_admin -d postgres -c "CREATE ROLE areal LOGIN SUPERUSER PASSWORD '$PASSWORD'"
fi
if [[ -z $(psql_admin -d postgres -c "select 1 from pg_database where datname='areal'") ]]; then
  psql_admin -d postgres -c "CREATE DATABASE areal OWNER areal"
fi
# Durable unless a bench asks otherwise (ALTER SYSTEM: postgresql.auto.conf, so switching back is one reset).
if [[ "${AREAL_PG_BENCH_ASYNC_COMMIT:-0}" == 1 ]]; then
  log "BENCH ONLY: synchronous_commit = off (a crash may lose the last commits)"
  psql_admin -d postgres -c "ALTER SYSTEM SET synchronous_commit = off" -c 'SELECT pg_reload_conf()' >/dev/null
elif [[ $(psql_admin -d postgres -c 'SHOW synchronous_commit') != on ]]; then
  psql_admin -d postgres -c "ALTER SYSTEM RESET synchronous_commit" -c 'SELECT pg_reload_conf()' >/dev/null
fi
psql_admin -d areal -c 'SET client_min_messages = warning; CREATE EXTENSION IF NOT EXISTS postgis' >/dev/null
write_env "$LOCAL_URL"
log "ready: ${LOCAL_URL/:$PASSWORD@/:***@}"
