#!/usr/bin/env bash
# Sets up the centre database for kiosk uploads on an existing PostgreSQL server.
#   sync/centre/setup.sh --admin "CONNINFO of a superuser" [--db bordergate] [--kiosk NAME]...
#                        [--exporter NAME]...
# Creates the database if missing, applies schema.sql, creates one login role per kiosk (the
# CN of its TLS client certificate) in the group bordergate_kiosk and one per list exporter
# (`bordergate centre export-crossings`) in the group bordergate_export, and prints the
# pg_hba.conf lines that admit both by certificate only.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
admin=""; db="bordergate"; kiosks=(); exporters=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --admin) admin="$2"; shift 2 ;;
    --db) db="$2"; shift 2 ;;
    --kiosk) kiosks+=("$2"); shift 2 ;;
    --exporter) exporters+=("$2"); shift 2 ;;
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
create_role() {  # NAME GROUP
  [[ "$1" =~ ^[a-z_][a-z0-9_]*$ ]] || { echo "setup.sh: role name '$1' must be a lower-case SQL identifier" >&2; exit 2; }
  psql "$admin dbname=$db" -v ON_ERROR_STOP=1 -q -c \
    "DO \$\$ BEGIN CREATE ROLE $1 LOGIN IN ROLE $2; EXCEPTION WHEN duplicate_object THEN NULL; END \$\$;"
}
for k in "${kiosks[@]}"; do create_role "$k" bordergate_kiosk; done
for e in "${exporters[@]}"; do create_role "$e" bordergate_export; done
echo "# pg_hba.conf: kiosks and list exporters by client certificate only (CN = role name)"
echo "hostssl $db +bordergate_kiosk 0.0.0.0/0 cert"
echo "hostssl $db +bordergate_export 0.0.0.0/0 cert"
