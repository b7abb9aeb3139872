set -eu
tarball=/srv/data/backup/site-2024-03-04.tar.gz
older=/srv/data/backup/site-2024-02-01.tar.gz
dest=/srv/restore
[ -f "$tarball" ] || fail "$tarball is gone: reset the lab to get it back"

ref=$(mktemp -d)
trap 'rm -rf "$ref"' EXIT
tar -xzf "$tarball" -C "$ref" </dev/null || broken "cannot extract $tarball"

if [ ! -d "$dest/site" ]; then
  [ -d /root/site ] &&
    fail "the site was extracted to /root/site: tar -x writes into the current directory unless -C says otherwise. Remove /root/site and use -C /srv/restore"
  [ -d "$dest" ] || fail "$dest does not exist: create it (mkdir -p $dest), then extract with tar -xzf ... -C $dest"
  found=$(find "$dest" -mindepth 1 -name site -type d | head -n 1)
  [ -n "$found" ] && fail "the site is at $found, not at $dest/site: extract with -C $dest, from the archive's top directory"
  [ -n "$(find "$dest" -maxdepth 1 -name '*.tar*' | head -n 1)" ] &&
    fail "$dest holds the archive itself, not its contents: extract it (tar -xzf ... -C $dest)"
  fail "$dest/site does not exist: extract $tarball with tar -xzf ... -C $dest"
fi
[ -d "$dest/site/site" ] &&
  fail "there is a $dest/site/site: you extracted into $dest/site, one level too deep. The archive has site/ at its top: extract with -C $dest"

cd "$ref"
while IFS= read -r p; do
  p=${p#./}
  got="$dest/$p"
  if [ -d "$p" ]; then
    [ -d "$got" ] || fail "$got is missing (a directory in the archive)"
    continue
  fi
  [ -e "$got" ] || fail "$got is missing: the archive has $p (tar -tzf lists it)"
  if ! cmp -s "$p" "$got"; then
    tar -xzf "$older" -O "$p" 2>/dev/null </dev/null | cmp -s - "$got" &&
      fail "$got comes from the older backup, site-2024-02-01.tar.gz: extract site-2024-03-04.tar.gz"
    fail "$got differs from the copy in the archive"
  fi
  want=$(stat -c %a "$p")
  have=$(stat -c %a "$got")
  [ "$want" = "$have" ] ||
    fail "$got has mode $have, the archive says $want: extract as root with tar (which keeps modes), not by copying the contents"
done < <(find . -mindepth 1 | sort)
pass "$dest/site holds all $(find . -type f | wc -l) files of the archive, with their contents and modes"
