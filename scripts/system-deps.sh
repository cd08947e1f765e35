#!/usr/bin/env bash
# Install the Debian packages the test suite needs, only when they are missing:
#   chromium        -> /usr/bin/chromium, the browser pytest-playwright drives
#   mariadb-server  -> mariadb-install-db + mariadbd, started per test run
#   gettext         -> xgettext, msgmerge, msgfmt: extracting and compiling the translations
# Idempotent and quick when everything is present (checks with `command -v`).
# Works as root (CI: no sudo) or as a user with sudo.
set -euo pipefail

declare -A wanted=(
  [chromium]=chromium
  [mariadb-install-db]=mariadb-server
  [mariadbd]=mariadb-server
  [xgettext]=gettext
  [msgfmt]=gettext
)

missing=()
for cmd in "${!wanted[@]}"; do
  if ! command -v "$cmd" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$cmd" ] && [ ! -x "/usr/bin/$cmd" ]; then
    pkg=${wanted[$cmd]}
    [[ " ${missing[*]-} " == *" $pkg "* ]] || missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "system-deps: need root or sudo to install: ${missing[*]}" >&2
  exit 1
fi

echo "system-deps: installing ${missing[*]} ..."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
apt() { "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "$@" >>"$log" 2>&1; }
if ! apt update -qq || ! apt install -y -qq --no-install-recommends "${missing[@]}"; then
  cat "$log" >&2
  echo "system-deps: apt-get failed" >&2
  exit 1
fi
echo "system-deps: done"
