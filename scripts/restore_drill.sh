#!/usr/bin/env bash
# Restore drill (docs/operations.md, "Backups"): dump the database of DATABASE_URL, restore the
# dump into a NEW database on the same server, and prove the copy is whole:
#   - verify_audit passes on the copy and its chain reaches the head recorded before the dump;
#   - every table holds as many rows as in the source;
#   - with DRILL_MEDIA_ROOT set (local file storage), the archived files restore byte for byte;
#   - with the files in an object store (STORAGE_URL / AWS_*), every object copied into a new
#     bucket has the same SHA-256 (manage.py restore_drill_objects; the bucket is removed after).
# The new database is dropped afterwards unless RESTORE_DRILL_KEEP=1.
# Needs pg_dump, pg_restore and psql of the server's major version, and a DATABASE_URL without
# query parameters whose role may create databases (run it with the owner's or an admin's URL).
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PY:-.venv/bin/python}"
: "${DATABASE_URL:?set DATABASE_URL to the database to back up (postgres://user@host:port/name)}"
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-inspectorate.settings.dev}"

source_url="$DATABASE_URL"
server_url="${source_url%/*}"
target_name="${RESTORE_DRILL_DB:-restore_drill_$(date -u +%Y%m%d%H%M%S)_$$}"
target_url="$server_url/$target_name"
work="$(mktemp -d)"
created=0

cleanup() {
  rm -rf "$work"
  if [ "$created" = 1 ] && [ "${RESTORE_DRILL_KEEP:-0}" != 1 ]; then
    psql -q "$server_url/postgres" -c "DROP DATABASE IF EXISTS \"$target_name\" WITH (FORCE)" >/dev/null
  fi
}
trap cleanup EXIT

count_rows() {
  # One line per table of the public schema: name and row count, sorted by name.
  psql -qtA -F ' ' "$1" -c "
    SELECT table_name,
           (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM public.%I', table_name),
                                                false, true, '')))[1]::text
    FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
    ORDER BY table_name"
}

echo "== restore drill: $(date -u +%FT%TZ)"
head="$(DATABASE_URL="$source_url" "$PY" manage.py verify_audit | sed -n 's/.* head //p')"
echo "source audit head: $head"

# The source must hold still between its counts and its dump (run against a quiet database or a
# standby); a changing source is dumped again, three times at most.
for attempt in 1 2 3; do
  count_rows "$source_url" >"$work/source.before"
  pg_dump --format=custom --file "$work/db.dump" "$source_url"
  count_rows "$source_url" >"$work/source.after"
  if cmp -s "$work/source.before" "$work/source.after"; then break; fi
  if [ "$attempt" = 3 ]; then echo "the source database kept changing during the dump" >&2; exit 1; fi
done
echo "dump: $(du -h "$work/db.dump" | cut -f1)"

psql -q "$server_url/postgres" -c "CREATE DATABASE \"$target_name\"" >/dev/null
created=1
# Owners and grants are the roles' business (create_db_roles); the drill restores data and schema.
pg_restore --exit-on-error --no-owner --no-acl --dbname "$target_url" "$work/db.dump"
echo "restored into $target_name"

DATABASE_URL="$target_url" "$PY" manage.py verify_audit --expect-head "$head"

count_rows "$target_url" >"$work/target"
if ! diff -u "$work/source.before" "$work/target"; then
  echo "row counts differ between the source and the restored copy" >&2
  exit 1
fi
echo "row counts equal: $(wc -l <"$work/target") tables, $(awk '{s += $2} END {print s}' "$work/target") rows"

if [ -n "${DRILL_MEDIA_ROOT:-}" ]; then
  (cd "$DRILL_MEDIA_ROOT" && find . -type f -print0 | sort -z | xargs -0 -r sha256sum) >"$work/media.source"
  tar -C "$DRILL_MEDIA_ROOT" -czf "$work/media.tar.gz" .
  mkdir "$work/media.restored"
  tar -C "$work/media.restored" -xzf "$work/media.tar.gz"
  (cd "$work/media.restored" && find . -type f -print0 | sort -z | xargs -0 -r sha256sum) >"$work/media.target"
  diff -u "$work/media.source" "$work/media.target"
  echo "files equal: $(wc -l <"$work/media.target") files"
fi
# The settings decide where the files are (STORAGE_URL / AWS_*): with local files this says so.
"$PY" manage.py restore_drill_objects --if-object-store
echo "== restore drill passed"
