set -eu
link=/srv/data/current
rel=/srv/data/releases
newest=$(ls "$rel" | sort -V | tail -n 1)
[ -n "$newest" ] || broken "no releases in $rel: reset the lab"

# A link created inside the old target by `ln -s(f)` through the existing link.
stray=$(find "$rel" -mindepth 2 -maxdepth 2 -type l | head -n 1)
[ -z "$stray" ] ||
  fail_t stray-link stray="$stray" target="$(readlink "$stray")"

if [ ! -L "$link" ]; then
  [ -d "$link" ] && fail_t link-is-dir link="$link"
  [ -e "$link" ] && fail_t link-not-symlink link="$link" type="$(stat -c %F "$link")"
  fail_t no-link link="$link" newest="$newest"
fi
target=$(readlink "$link")
[ -e "$link" ] ||
  fail_t link-dangling link="$link" target="$target" newest="$newest" rel="$rel"
resolved=$(readlink -f "$link")
[ "$resolved" = "$rel/$newest" ] ||
  fail_t link-not-newest link="$link" target="$target" resolved="$resolved" newest="$newest"
pass_t current-ok link="$link" target="$target" newest="$newest"
