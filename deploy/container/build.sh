#!/usr/bin/env bash
# deploy/container/build.sh [--base IMAGE] [--tag NAME:TAG] [--force]: the server's container image
# (deploy/container/Dockerfile) on the Docker engine DOCKER_HOST names (default: this machine's).
#
# The image is tagged opslab/server:VERSION-HASH, HASH being a digest of everything that goes into
# it (the sources the bundle copies, package-lock.json and the installed tree, the Node binary, the
# base image's id); when that tag is there already nothing is built. It is also tagged
# opslab/server:VERSION (what deploy/kubernetes names). The last line printed is the tag.
#
# Needs: the base image (`node bin/opslab.js setup` makes debian:bookworm), node_modules (`npm ci`),
# and Debian's mirror once, for the image's apt layer (cached after). Older
# opslab/server:VERSION-* tags are removed, so repeated builds do not fill the disk.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
BASE=debian:bookworm
TAG=
FORCE=
while [ $# -gt 0 ]; do
  case $1 in
    --base) BASE=$2; shift 2 ;;
    --tag) TAG=$2; shift 2 ;;
    --force) FORCE=1; shift ;;
    *) echo "usage: $0 [--base IMAGE] [--tag NAME:TAG] [--force]" >&2; exit 2 ;;
  esac
done
say() { echo "container: $*"; }
t0=$SECONDS

NODE_BIN=$(command -v node)
base_id=$(docker image inspect --format '{{.Id}}' "$BASE" 2>/dev/null) || {
  echo "container: FAIL: the base image $BASE is not on the engine; \`node bin/opslab.js setup\` (as root) makes it (images/base/README.md)" >&2
  exit 1
}
VERSION=$(node -p 'require("./package.json").version')

# What the image is made of. Same parts as scripts/bundle.sh copies, plus what builds it.
INPUTS=(bin server shared curricula images deploy docs web package.json package-lock.json README.md LICENSE CHANGELOG.md scripts/bundle.sh)
hash=$(
  {
    echo "base $base_id"
    echo "node $("$NODE_BIN" --version) $(sha256sum <"$NODE_BIN" | cut -c1-64)"
    [ ! -f node_modules/.package-lock.json ] || echo "installed $(sha256sum <node_modules/.package-lock.json | cut -c1-64)"
    if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
      git ls-files -z --cached --others --exclude-standard -- "${INPUTS[@]}"
    else
      find "${INPUTS[@]}" -path web/dist -prune -o -type f -print0
    fi |
      while IFS= read -r -d '' f; do if [ -f "$f" ]; then printf '%s\0' "$f"; fi; done |
      LC_ALL=C sort -zu | xargs -0 sha256sum
  } | sha256sum | cut -c1-12
)
TAG=${TAG:-opslab/server:$VERSION-$hash}

if [ -z "$FORCE" ] && docker image inspect "$TAG" >/dev/null 2>&1; then
  say "$TAG is there (built from the same sources): nothing to build ($((SECONDS - t0)) s)"
  echo "$TAG"
  exit 0
fi

# The build context: the release tree, the Node binary, the health check.
CTX=$ROOT/dist/container
rm -rf "$CTX"
mkdir -p "$CTX"
t=$SECONDS
scripts/bundle.sh "$CTX/opslab"
cp "$NODE_BIN" "$CTX/node"
cp deploy/container/healthcheck.mjs "$CTX/"
say "context ready in $((SECONDS - t)) s ($(du -sm "$CTX" | cut -f1) MB)"

t=$SECONDS
docker build --quiet -f deploy/container/Dockerfile --build-arg "BASE=$BASE" \
  --label "org.opencontainers.image.title=opslab server" \
  --label "org.opencontainers.image.version=$VERSION" \
  --label "io.opslab.source-hash=$hash" \
  -t "$TAG" -t "opslab/server:$VERSION" "$CTX" >/dev/null
say "image $TAG built in $((SECONDS - t)) s ($(($(docker image inspect --format '{{.Size}}' "$TAG") / 1048576)) MB)"
rm -rf "$CTX"

# Earlier builds of this version (other hashes): the tags go; layers still used by the new image stay.
for old in $(docker image ls --format '{{.Repository}}:{{.Tag}}' opslab/server); do
  [[ $old =~ ^opslab/server:$VERSION-[0-9a-f]{12}$ ]] && [ "$old" != "opslab/server:$VERSION-$hash" ] || continue
  if docker image rm "$old" >/dev/null 2>&1; then say "removed the older $old"; fi
done

say "done in $((SECONDS - t0)) s"
echo "$TAG"
