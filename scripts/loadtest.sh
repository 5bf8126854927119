#!/usr/bin/env bash
# Load test: gunicorn on 127.0.0.1 (loopback only) against the bench database, locust headless.
# Variables: LOAD_USERS (50), LOAD_RATE (10/s), LOAD_TIME (5m), LOAD_PORT (8099), LOAD_WORKERS (3),
# LOAD_CLASSES (the locust user classes, default all: Inspector OfficeHead Official Public; "Public" alone
# loads only the public transparency page and needs no generated accounts).
set -euo pipefail
cd "$(dirname "$0")/.."

export DJANGO_SETTINGS_MODULE=inspectorate.settings.bench
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/inspectorate_bench}"
USERS="${LOAD_USERS:-50}"
RATE="${LOAD_RATE:-10}"
DURATION="${LOAD_TIME:-5m}"
PORT="${LOAD_PORT:-8099}"
WORKERS="${LOAD_WORKERS:-3}"
OUT=media/bench
mkdir -p "$OUT"

test -x .venv-load/bin/locust || { python3.11 -m venv .venv-load && .venv-load/bin/pip install -q -r requirements-load.txt; }

# A sample of the generated accounts: "role username" per line.
.venv/bin/python manage.py shell -v 0 -c "
from inspectorate.models import Staff
for role, n in (('inspector', 300), ('office_head', 60), ('official', 40)):
    for name in Staff.objects.filter(role=role, is_active=True, username__startswith=('uptd-' if role != 'official' else 'pejabat.')).order_by('?').values_list('username', flat=True)[:n]:
        print(role, name)
" > "$OUT/users.txt"
CLASSES="${LOAD_CLASSES:-}"
test -s "$OUT/users.txt" || test "$CLASSES" = "Public" || { echo "no generated accounts: run generate_scale_data first" >&2; exit 1; }

.venv/bin/gunicorn inspectorate.wsgi:application --bind "127.0.0.1:$PORT" --workers "$WORKERS" \
    --access-logfile /dev/null --error-logfile "$OUT/gunicorn.log" &
GUNICORN=$!
trap 'kill $GUNICORN 2>/dev/null || true; wait $GUNICORN 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
    curl -sf -o /dev/null "http://127.0.0.1:$PORT/accounts/login/" && break
    sleep 1
done

# shellcheck disable=SC2086 # $CLASSES: zero or more class names
BENCH_USERS="$OUT/users.txt" .venv-load/bin/locust -f bench/locustfile.py --headless \
    -u "$USERS" -r "$RATE" -t "$DURATION" --host "http://127.0.0.1:$PORT" \
    --csv "$OUT/locust" --only-summary $CLASSES >"$OUT/locust.log" 2>&1 || true

.venv/bin/python - "$OUT/locust_stats.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
print(f"{'request':<24} {'count':>7} {'errors':>7} {'req/s':>7} {'median':>7} {'p95':>7}  (ms)")
for row in rows:
    print(f"{row['Name']:<24} {row['Request Count']:>7} {row['Failure Count']:>7} "
          f"{float(row['Requests/s']):>7.1f} {row['50%']:>7} {row['95%']:>7}")
PY
