#!/usr/bin/env bash
# Installs the system packages the tests need when they are missing: Debian's chromium (browsers
# are never downloaded by test tools here), redis-server (the proxy's Redis store tests), php-cli
# (lints and runs the WooCommerce example plugin; its tests skip without it), and for the
# real-WooCommerce e2e (test/e2e/woocommerce-real.test.ts) mariadb-server and the PHP extensions
# WordPress and WooCommerce need. Idempotent and quiet: nothing happens when all are there.
# Used by .ci/run and by `npm test` (pretest), so a fresh machine needs no manual step.
set -euo pipefail
need=()
if [ -z "${CHROME_PATH:-}" ] && ! command -v chromium >/dev/null 2>&1; then need+=(chromium fonts-dejavu-core); fi
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v php >/dev/null 2>&1 || need+=(php-cli)
# MariaDB's server binary lives in /usr/sbin, which a non-root PATH may lack.
[ -x /usr/sbin/mariadbd ] || command -v mariadbd >/dev/null 2>&1 || need+=(mariadb-server)
# PHP extensions by the module name `php -m` lists (php-mysql gives mysqli, php-xml gives dom, …).
php_modules="$(php -m 2>/dev/null | tr 'A-Z' 'a-z' || true)"
for pair in mysqli:php-mysql curl:php-curl dom:php-xml mbstring:php-mbstring intl:php-intl \
  gd:php-gd zip:php-zip bcmath:php-bcmath; do
  grep -qx "${pair%%:*}" <<<"$php_modules" || need+=("${pair#*:}")
done
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
# policy-rc.d: a package's postinst must not start a system-wide MariaDB (the tests run their own).
policy=/usr/sbin/policy-rc.d
made_policy=""
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null && $sudo chmod +x "$policy" && made_policy=1
fi
trap 'if [ -n "$made_policy" ]; then $sudo rm -f "$policy"; fi' EXIT
DEBCONF_NOWARNINGS=yes DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
