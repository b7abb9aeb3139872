#!/usr/bin/env bash
# `npm run bundle [-- OUT]`: a release tree that runs `node bin/opslab.js serve` with nothing else
# installed but Node 20+: the server's sources (tsx runs them, so there is no compile step), the
# curriculum, the lab image recipes, the web app built once into web/dist, and node_modules with
# the runtime dependencies only (no vite, typescript, vitest...). Copy OUT to /opt/opslab (systemd)
# or build the container image from it (deploy/container/build.sh).
#
# node_modules is this checkout's own (`npm ci` made it, native modules built for this machine's
# Node and glibc), copied and pruned with `npm prune --omit=dev`: no download, so it works where the
# npm registry is the only one reachable and prebuilt binaries from elsewhere are not. The tree must
# therefore run on the same Node major version and a glibc at least as new (Debian 12 here).
#
# OUT defaults to dist/opslab (git ignores dist/). It is made next to OUT and moved into place at
# the end, so a failed run leaves the previous bundle as it was.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=${1:-dist/opslab}
case $OUT in /*) ;; *) OUT=$ROOT/$OUT ;; esac
t0=$SECONDS
say() { echo "bundle: $*"; }

node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' || { echo "bundle: FAIL: node $(node --version) is too old; opslab needs Node 20 or newer" >&2; exit 1; }
[ -d node_modules/tsx ] || { echo "bundle: FAIL: node_modules is missing or incomplete; run npm ci first" >&2; exit 1; }

# 1. The web app, built once here (vite is a devDependency: production never builds it).
t=$SECONDS
npx vite build --config web/vite.config.ts --logLevel warn
[ -f web/dist/index.html ] || { echo "bundle: FAIL: vite wrote no web/dist/index.html" >&2; exit 1; }
say "web app built into web/dist in $((SECONDS - t)) s"

# 2. The sources a running server reads: tracked files plus new ones git does not ignore (so an
# uncommitted change is in the bundle as it is in the checkout), never ignored ones (.opslab/, logs).
t=$SECONDS
TMP=$OUT.new
rm -rf "$TMP"
mkdir -p "$TMP"
PARTS=(bin server shared curricula images deploy docs package.json package-lock.json README.md LICENSE CHANGELOG.md)
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  # --cached lists files deleted in the work tree too: keep the ones that exist.
  git ls-files -z --cached --others --exclude-standard -- "${PARTS[@]}" |
    while IFS= read -r -d '' f; do if [ -e "$f" ]; then printf '%s\0' "$f"; fi; done |
    xargs -0 cp --parents -P -t "$TMP"
else
  cp -a "${PARTS[@]}" "$TMP/"
fi
mkdir -p "$TMP/web"
cp -a web/dist "$TMP/web/dist"
say "sources copied in $((SECONDS - t)) s"

# 3. Runtime dependencies only. node_modules may be a symlink (a git worktree sharing one): `/.`
# copies what it points to.
t=$SECONDS
cp -a node_modules/. "$TMP/node_modules/"
(cd "$TMP" && npm prune --omit=dev --offline --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
# Left over by the prune or useless here: empty scope folders, native modules' prebuilt binaries
# for other systems (node-pty ships Windows and macOS ones: 58 MB) and their build intermediates.
# What loads is build/Release/*.node, built by `npm ci` for this machine.
find "$TMP/node_modules" -mindepth 1 -maxdepth 1 -type d -empty -delete
find "$TMP/node_modules" -path '*/prebuilds/*' -prune -type d \( -name 'win32-*' -o -name 'darwin-*' \) -exec rm -rf {} +
find "$TMP/node_modules" -path '*/build/Release/*' -prune -type d \( -name obj.target -o -name .deps \) -exec rm -rf {} +
# What must be gone, and what must be there: a failed prune must not ship a dev tree.
for dev in vite vitest typescript @biomejs/biome playwright-core; do
  [ ! -e "$TMP/node_modules/$dev" ] || { echo "bundle: FAIL: devDependency $dev is still in the bundle's node_modules" >&2; exit 1; }
done
(cd "$TMP" && node -e '
  const deps = Object.keys(require("./package.json").dependencies);
  const missing = deps.filter((d) => !require("node:fs").existsSync("node_modules/" + d + "/package.json"));
  if (missing.length) { console.error("bundle: FAIL: runtime dependencies missing from node_modules: " + missing.join(", ")); process.exit(1); }
')
say "node_modules pruned to runtime dependencies ($(du -sm "$TMP/node_modules" | cut -f1) MB) in $((SECONDS - t)) s"

rm -rf "$OUT"
mv "$TMP" "$OUT"
say "release tree in $OUT ($(du -sm "$OUT" | cut -f1) MB) in $((SECONDS - t0)) s; run it with: cd $OUT && node bin/opslab.js serve"
