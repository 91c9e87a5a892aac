#!/usr/bin/env bash
# A throwaway PostgreSQL 15 on loopback with TLS client-certificate auth, for tests/benches.
#   tests/sync/pg_cluster.sh start DIR PORT [KIOSK...]  -> prints a libpq conninfo per kiosk
#   (a name starting with "exporter" becomes a list-exporter role instead, setup.sh --exporter)
#   tests/sync/pg_cluster.sh stop DIR
# Exit 77 if the PostgreSQL binaries are missing. Runs the server as `postgres` when root.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bin=""
for d in /usr/lib/postgresql/*/bin; do [[ -x "$d/initdb" ]] && bin="$d"; done
[[ -n "$bin" ]] || { echo "PostgreSQL server binaries not found" >&2; exit 77; }
cmd="$1"; dir="$2"
as_pg() { if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "$cmd" in
  start)
    port="$3"; shift 3; kiosks=("$@"); [[ ${#kiosks[@]} -gt 0 ]] || kiosks=(kiosk_test)
    mkdir -p "$dir/sock" "$dir/tls" "$dir/log"
    tls="$dir/tls"
    # Throwaway CA, a server certificate for 127.0.0.1 and one client certificate per kiosk.
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=bordergate test CA" \
      -keyout "$tls/ca.key" -out "$tls/ca.crt" 2>/dev/null
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=127.0.0.1" \
      -keyout "$tls/server.key" -out "$tls/server.csr" 2>/dev/null
    printf "subjectAltName=IP:127.0.0.1,DNS:localhost\n" > "$tls/server.ext"
    openssl x509 -req -in "$tls/server.csr" -CA "$tls/ca.crt" -CAkey "$tls/ca.key" -CAcreateserial -days 2 \
      -extfile "$tls/server.ext" -out "$tls/server.crt" 2>/dev/null
    for k in "${kiosks[@]}"; do
      openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$k" -keyout "$tls/$k.key" -out "$tls/$k.csr" 2>/dev/null
      openssl x509 -req -in "$tls/$k.csr" -CA "$tls/ca.crt" -CAkey "$tls/ca.key" -CAcreateserial -days 2 -out "$tls/$k.crt" 2>/dev/null
      chmod 600 "$tls/$k.key"
    done
    if [[ "$(id -u)" == 0 ]]; then
      mkdir -p "$dir/server-tls"; cp "$tls/server.key" "$tls/server.crt" "$tls/ca.crt" "$dir/server-tls/"
      chown -R postgres: "$dir/sock" "$dir/server-tls" "$dir/log"; chmod 600 "$dir/server-tls/server.key"
      mkdir -p "$dir/data"; chown postgres: "$dir/data"; chmod 755 "$dir"
    else
      mkdir -p "$dir/server-tls"; cp "$tls/server.key" "$tls/server.crt" "$tls/ca.crt" "$dir/server-tls/"; chmod 600 "$dir/server-tls/server.key"
    fi
    as_pg "$bin/initdb" -D "$dir/data" -U postgres -A trust --no-sync -E UTF8 >/dev/null
    cat >> "$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir/sock'
ssl = on
ssl_cert_file = '$dir/server-tls/server.crt'
ssl_key_file = '$dir/server-tls/server.key'
ssl_ca_file = '$dir/server-tls/ca.crt'
max_connections = 60
shared_buffers = 64MB
CONF
    cat > "$dir/data/pg_hba.conf" <<HBA
local   all         postgres                    trust
hostssl bordergate  +bordergate_kiosk 127.0.0.1/32 cert
hostssl bordergate  +bordergate_export 127.0.0.1/32 cert
HBA
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/log/server.log" -w -t 60 start >/dev/null
    kargs=(); for k in "${kiosks[@]}"; do if [[ "$k" == exporter* ]]; then kargs+=(--exporter "$k"); else kargs+=(--kiosk "$k"); fi; done
    "$here/../../sync/centre/setup.sh" --admin "host=$dir/sock port=$port user=postgres dbname=postgres" "${kargs[@]}" >/dev/null
    for k in "${kiosks[@]}"; do
      echo "host=127.0.0.1 port=$port dbname=bordergate user=$k sslmode=verify-full sslrootcert=$tls/ca.crt sslcert=$tls/$k.crt sslkey=$tls/$k.key"
    done
    ;;
  stop)
    [[ -f "$dir/data/postmaster.pid" ]] && as_pg "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    ;;
  *) echo "usage: pg_cluster.sh start DIR PORT [KIOSK...] | stop DIR" >&2; exit 2 ;;
esac
