#!/usr/bin/env bash
# Sets up the centre database for kiosk uploads on an existing PostgreSQL server.
#   sync/centre/setup.sh --admin "CONNINFO of a superuser" [--db bordergate] [--kiosk NAME]...
# Creates the database if missing, applies schema.sql, creates one login role per kiosk (the
# CN of its TLS client certificate) in the group bordergate_kiosk, and prints the pg_hba.conf
# line that admits kiosks by certificate only.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
admin=""; db="bordergate"; kiosks=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --admin) admin="$2"; shift 2 ;;
    --db) db="$2"; shift 2 ;;
    --kiosk) kiosks+=("$2"); shift 2 ;;
    *) echo "setup.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[[ -n "$admin" ]] || { echo "setup.sh: --admin CONNINFO is required" >&2; exit 2; }
[[ "$db" =~ ^[a-z_][a-z0-9_]*$ ]] || { echo "setup.sh: bad database name $db" >&2; exit 2; }
psql_admin() { psql "$admin" -v ON_ERROR_STOP=1 -qAt "$@"; }
if [[ "$(psql_admin -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$db'" 2>/dev/null || psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" != "1" ]]; then
  psql_admin -c "CREATE DATABASE $db"
fi
psql "$admin dbname=$db" -v ON_ERROR_STOP=1 -q -f "$here/schema.sql"
for k in "${kiosks[@]}"; do
  [[ "$k" =~ ^[a-z_][a-z0-9_]*$ ]] || { echo "setup.sh: kiosk name '$k' must be a lower-case SQL identifier" >&2; exit 2; }
  psql "$admin dbname=$db" -v ON_ERROR_STOP=1 -q -c \
    "DO \$\$ BEGIN CREATE ROLE $k LOGIN IN ROLE bordergate_kiosk; EXCEPTION WHEN duplicate_object THEN NULL; END \$\$;"
done
echo "# pg_hba.conf: kiosks by client certificate only (CN = role name)"
echo "hostssl $db +bordergate_kiosk 0.0.0.0/0 cert"
