#!/bin/sh
# Refresh the vendored Workbox and idb files from the npm registry (no CDN at run time).
# Usage: scripts/vendor_pwa.sh  (needs npm; the result is committed like the other vendored files)
set -eu
WORKBOX=7.4.1
IDB=8.0.4
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP"
for pkg in sw core routing strategies expiration; do
  npm pack --silent "workbox-$pkg@$WORKBOX" >/dev/null
  mkdir "workbox-$pkg" && tar xzf "workbox-$pkg-$WORKBOX.tgz" -C "workbox-$pkg"
done
npm pack --silent "idb@$IDB" >/dev/null
mkdir idb && tar xzf "idb-$IDB.tgz" -C idb
OUT="$ROOT/static/vendor/workbox"
cp workbox-sw/package/build/workbox-sw.js workbox-sw/package/build/workbox-sw.js.map "$OUT/"
for pkg in core routing strategies expiration; do
  cp "workbox-$pkg/package/build/workbox-$pkg.prod.js" "workbox-$pkg/package/build/workbox-$pkg.prod.js.map" "$OUT/"
done
cp workbox-sw/package/LICENSE "$OUT/LICENSE"
cp idb/package/build/umd.js "$ROOT/static/vendor/idb/idb.umd.js"
cp idb/package/LICENSE "$ROOT/static/vendor/idb/LICENSE"
