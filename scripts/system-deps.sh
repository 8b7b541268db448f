#!/usr/bin/env bash
# Installs the system packages the tests need when they are missing: Debian's chromium (browsers
# are never downloaded by test tools here), redis-server (the proxy's Redis store tests) and php-cli
# (lints and runs the WooCommerce example plugin; its tests skip without it).
# Used by .ci/run and by `npm test` (pretest), so a fresh machine needs no manual step.
set -euo pipefail
need=()
if [ -z "${CHROME_PATH:-}" ] && ! command -v chromium >/dev/null 2>&1; then need+=(chromium fonts-dejavu-core); fi
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v php >/dev/null 2>&1 || need+=(php-cli)
[ ${#need[@]} -eq 0 ] && exit 0

echo "system-deps: installing ${need[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "system-deps: please install ${need[*]} (apt-get install ${need[*]}) or set CHROME_PATH" >&2
    exit 1
  fi
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
