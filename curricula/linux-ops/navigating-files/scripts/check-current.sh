set -eu
link=/srv/data/current
rel=/srv/data/releases
newest=$(ls "$rel" | sort -V | tail -n 1)
[ -n "$newest" ] || broken "no releases in $rel: reset the lab"

# A link created inside the old target by `ln -s(f)` through the existing link.
stray=$(find "$rel" -mindepth 2 -maxdepth 2 -type l | head -n 1)
[ -z "$stray" ] ||
  fail "there is a stray link $stray -> $(readlink "$stray"): ln -s(f) followed the existing link to its directory and created the new link inside it. Remove it (rm '$stray') and replace the link itself with ln -sfn"

if [ ! -L "$link" ]; then
  [ -d "$link" ] && fail "$link is a real directory now, not a symbolic link (a copy of a release?): remove it (rm -r $link) and create a link with ln -s"
  [ -e "$link" ] && fail "$link is a $(stat -c %F "$link"), not a symbolic link: remove it and create one with ln -s"
  fail "$link does not exist: create it as a symbolic link to releases/$newest"
fi
target=$(readlink "$link")
[ -e "$link" ] ||
  fail "$link points to '$target', which does not exist: a relative target is resolved from the link's own directory (/srv/data), so use releases/$newest or $rel/$newest"
resolved=$(readlink -f "$link")
[ "$resolved" = "$rel/$newest" ] ||
  fail "$link points to '$target' ($resolved), but the newest release is $newest: as text v1.10 sorts before v1.9, by version (ls -v, sort -V) it comes last"
pass "$link -> $target, the newest release ($newest)"
