#!/usr/bin/env bash
# A single-node S3-compatible object store for the tests and CI: OpenStack Swift with its
# s3api middleware, from Debian's packages (installed here if missing).
#
#   scripts/objectstore.sh start   # starts it (or reuses a running one), creates the bucket,
#                                  # prints the environment to export (eval "$(… start)")
#   scripts/objectstore.sh env     # prints that environment only
#   scripts/objectstore.sh stop    # stops it and removes its data
#   scripts/objectstore.sh status  # exit 0 when the proxy answers
#
# Settings (environment): OBJECTSTORE_DIR (default /tmp/inspectorate-objectstore; needs user
# extended attributes, which tmpfs and ext4 have), OBJECTSTORE_PORT (the proxy, default 18780;
# the account, container and object servers use the next three ports), OBJECTSTORE_BUCKET
# (default inspectorate-ci). Credentials are Swift's tempauth account test:tester / testing,
# addressing is path-style, the region us-east-1.
set -euo pipefail

DIR="${OBJECTSTORE_DIR:-/tmp/inspectorate-objectstore}"
PORT="${OBJECTSTORE_PORT:-18780}"
BUCKET="${OBJECTSTORE_BUCKET:-inspectorate-ci}"
HOST=127.0.0.1
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
SERVERS=(proxy account container object)

port_of() {
  case "$1" in proxy) echo "$PORT" ;; account) echo $((PORT + 1)) ;; container) echo $((PORT + 2)) ;; object) echo $((PORT + 3)) ;; esac
}

print_env() {
  cat <<EOF
export STORAGE_URL="s3://test%3Atester:testing@$HOST:$PORT/$BUCKET?addressing=path&region=us-east-1"
export OBJECTSTORE_ENDPOINT="http://$HOST:$PORT"
export OBJECTSTORE_BUCKET="$BUCKET"
EOF
}

healthy() {
  # Swift's healthcheck middleware answers "OK" on /healthcheck.
  [ "$(curl -fsS --max-time 2 "http://$HOST:$PORT/healthcheck" 2>/dev/null || true)" = "OK" ]
}

install_packages() {
  local need=()
  for cmd in swift-proxy-server swift-account-server swift-container-server swift-object-server swift-ring-builder; do
    command -v "$cmd" >/dev/null 2>&1 || { need=(swift swift-proxy swift-account swift-container swift-object python3-swift); break; }
  done
  command -v curl >/dev/null 2>&1 || need+=(curl)
  [ ${#need[@]} -eq 0 ] && return 0
  echo "Installing object store packages: ${need[*]}" >&2
  local sudo=
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "Please install as root: ${need[*]}" >&2; exit 1; }
    sudo=sudo
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
}

write_config() {
  mkdir -p "$DIR/etc" "$DIR/data/d1" "$DIR/run" "$DIR/log"
  # Swift keeps object metadata in extended attributes: refuse a directory without them.
  if command -v setfattr >/dev/null 2>&1; then
    setfattr -n user.inspectorate -v 1 "$DIR/data/d1" 2>/dev/null \
      || { echo "$DIR does not support user extended attributes; set OBJECTSTORE_DIR" >&2; exit 1; }
  fi
  cat >"$DIR/etc/swift.conf" <<EOF
[swift-hash]
swift_hash_path_suffix = inspectorate-ci
swift_hash_path_prefix = inspectorate
[storage-policy:0]
name = Policy-0
default = yes
EOF
  local user
  user="$(id -un)"
  for server in account container object; do
    cat >"$DIR/etc/$server-server.conf" <<EOF
[DEFAULT]
bind_ip = $HOST
bind_port = $(port_of "$server")
workers = 0
user = $user
swift_dir = $DIR/etc
devices = $DIR/data
mount_check = false
disable_fallocate = true
log_level = WARNING

[pipeline:main]
pipeline = $server-server

[app:$server-server]
use = egg:swift#$server
EOF
  done
  cat >"$DIR/etc/proxy-server.conf" <<EOF
[DEFAULT]
bind_ip = $HOST
bind_port = $PORT
workers = 0
user = $user
swift_dir = $DIR/etc
log_level = WARNING

[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats bulk s3api tempauth copy slo dlo proxy-logging proxy-server

[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true

[filter:s3api]
use = egg:swift#s3api
location = us-east-1
# Larger than any upload the app accepts.
max_upload_part_num = 1000

[filter:tempauth]
use = egg:swift#tempauth
user_test_tester = testing .admin

EOF
  # The other filters of the pipeline, each Swift's own egg (tempauth wants the cache middleware
  # in place; without a memcached it checks S3 signatures against the account's key each time).
  local pair
  for pair in catch_errors gatekeeper healthcheck proxy-logging:proxy_logging cache:memcache listing_formats bulk copy slo dlo; do
    printf '[filter:%s]\nuse = egg:swift#%s\n' "${pair%%:*}" "${pair#*:}" >>"$DIR/etc/proxy-server.conf"
  done
  (
    cd "$DIR/etc"
    for ring in account container object; do
      [ -f "$ring.ring.gz" ] && continue
      swift-ring-builder "$ring.builder" create 6 1 1 >/dev/null
      swift-ring-builder "$ring.builder" add "r1z1-$HOST:$(port_of "$ring")/d1" 1 >/dev/null
      swift-ring-builder "$ring.builder" rebalance >/dev/null || true
    done
  )
}

create_bucket() {
  [ -x "$PYTHON" ] || { echo "no $PYTHON to create the bucket with; the tests create it themselves" >&2; return 0; }
  "$PYTHON" - "$HOST" "$PORT" "$BUCKET" <<'EOF'
import sys
import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

host, port, bucket = sys.argv[1:]
s3 = boto3.client(
    "s3", endpoint_url=f"http://{host}:{port}", aws_access_key_id="test:tester", aws_secret_access_key="testing",
    region_name="us-east-1",
    config=Config(s3={"addressing_style": "path"}, request_checksum_calculation="when_required",
                  response_checksum_validation="when_required", retries={"max_attempts": 10}),
)
try:
    s3.head_bucket(Bucket=bucket)
except ClientError:
    s3.create_bucket(Bucket=bucket)
EOF
}

start() {
  install_packages
  if healthy; then
    create_bucket
    print_env
    return 0
  fi
  write_config
  for server in account container object proxy; do
    local pidfile="$DIR/run/$server.pid"
    if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then continue; fi
    nohup "swift-$server-server" "$DIR/etc/$server-server.conf" >"$DIR/log/$server.log" 2>&1 &
    echo $! >"$pidfile"
  done
  for _ in $(seq 1 60); do
    healthy && break
    sleep 0.5
  done
  healthy || { echo "the object store did not start; see $DIR/log" >&2; tail -n 20 "$DIR"/log/*.log >&2; exit 1; }
  # The proxy answers before the account server has bound: retry the bucket a few times.
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    create_bucket 2>"$DIR/log/bucket.err" && break
    [ "$attempt" = 10 ] && { cat "$DIR/log/bucket.err" >&2; exit 1; }
    sleep 1
  done
  print_env
}

stop() {
  for server in "${SERVERS[@]}"; do
    local pidfile="$DIR/run/$server.pid"
    [ -f "$pidfile" ] || continue
    local pid
    pid="$(cat "$pidfile")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$pidfile"
  done
  [ "${1:-}" = "--keep" ] || rm -rf "$DIR"
}

case "${1:-}" in
  start) start ;;
  stop) shift; stop "$@" ;;
  env) print_env ;;
  status) healthy ;;
  *) echo "usage: $0 start|stop [--keep]|env|status" >&2; exit 2 ;;
esac
