set -eu
tarball=/srv/data/backup/site-2024-03-04.tar.gz
older=/srv/data/backup/site-2024-02-01.tar.gz
dest=/srv/restore
[ -f "$tarball" ] || fail_t tarball-gone tarball="$tarball"

ref=$(mktemp -d)
trap 'rm -rf "$ref"' EXIT
tar -xzf "$tarball" -C "$ref" </dev/null || broken "cannot extract $tarball"

if [ ! -d "$dest/site" ]; then
  [ -d /root/site ] &&
    fail_t extracted-to-root
  [ -d "$dest" ] || fail_t no-dest dest="$dest"
  found=$(find "$dest" -mindepth 1 -name site -type d | head -n 1)
  [ -n "$found" ] && fail_t site-elsewhere found="$found" dest="$dest"
  [ -n "$(find "$dest" -maxdepth 1 -name '*.tar*' | head -n 1)" ] &&
    fail_t dest-has-archive dest="$dest"
  fail_t no-site dest="$dest" tarball="$tarball"
fi
[ -d "$dest/site/site" ] &&
  fail_t site-too-deep dest="$dest"

cd "$ref"
while IFS= read -r p; do
  p=${p#./}
  got="$dest/$p"
  if [ -d "$p" ]; then
    [ -d "$got" ] || fail_t dir-missing got="$got"
    continue
  fi
  [ -e "$got" ] || fail_t file-missing got="$got" p="$p"
  if ! cmp -s "$p" "$got"; then
    tar -xzf "$older" -O "$p" 2>/dev/null </dev/null | cmp -s - "$got" &&
      fail_t file-from-old-backup got="$got"
    fail_t file-differs got="$got"
  fi
  want=$(stat -c %a "$p")
  have=$(stat -c %a "$got")
  [ "$want" = "$have" ] ||
    fail_t file-mode got="$got" have="$have" want="$want"
done < <(find . -mindepth 1 | sort)
pass_t restore-ok dest="$dest" count="$(find . -type f | wc -l)"
