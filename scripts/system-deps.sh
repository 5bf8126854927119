#!/usr/bin/env bash
# Installs the Debian packages the project needs (browser tests, PDFs, translations) when
# they are missing. Used by `make` and by .ci/run, so a fresh machine needs no extra step.
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v msgfmt >/dev/null 2>&1 || need+=(gettext)
# WeasyPrint's native libraries and a font family that covers Indonesian text.
for lib in libpango-1.0.so.0 libpangoft2-1.0.so.0 libharfbuzz-subset.so.0; do
  ldconfig -p 2>/dev/null | grep -q "$lib" || { need+=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0); break; }
done
fc-list 2>/dev/null | grep -qi dejavu || need+=(fonts-dejavu-core)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing system packages: ${need[*]}"
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "Please install these Debian packages as root: ${need[*]}" >&2; exit 1
  fi
else
  SUDO=
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
