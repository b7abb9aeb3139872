set -eu
# Runs the learner's backup-rotate on fresh directories in a scratch space and reports the
# first case that misbehaves: input, expected, got.
require_script

make_scratch

# make_tree DIR: a small directory with a subdirectory, a hidden file and a name with a space.
make_tree() {
  mkdir -p "$1/sub"
  echo "alpha $1" > "$1/a.txt"
  echo beta > "$1/sub/b.txt"
  echo hidden > "$1/.env"
  echo spaced > "$1/sub/notes 2024.txt"
}
# expect_backup CASE SOURCE DEST [ARGS...]: the archive DEST/NAME-DATE.tar.gz exists, its
# path is on stdout, and it extracts to NAME/ with the same files as SOURCE.
expect_backup() {
  name=$1 src=$2 dest=$3
  shift 3
  before=$(date +%F)
  run "$@"
  after=$(date +%F)
  base=$(basename "$src")
  [ "$rc" -eq 0 ] || fail "case '$name': $cmd should exit 0; $(got)"
  archive="$dest/$base-$after.tar.gz"
  [ -f "$archive" ] || archive="$dest/$base-$before.tar.gz"
  if [ ! -f "$archive" ]; then
    [ -d "$dest" ] || fail "case '$name': $cmd should create $dest (it did not exist: mkdir -p) and write $dest/$base-$after.tar.gz in it; $(got)"
    fail "case '$name': $cmd should write $dest/$base-$after.tar.gz (NAME-YYYY-MM-DD.tar.gz, date +%F); $dest holds: '$(ls -A "$dest" 2>/dev/null | tr '\n' ' ' | sed 's/ $//')'; $(got)"
  fi
  grep -q . "$res/out" || fail "case '$name': $cmd should print the archive's path on stdout; $(got)"
  [ "$(grep -c '' "$res/out")" -eq 1 ] || fail "case '$name': $cmd should print one line on stdout, the archive's path (messages for people go to stderr, >&2); $(got)"
  printed=$(cd "$scratch" && readlink -f -- "$(cat "$res/out")" 2>/dev/null || true)
  [ "$printed" = "$(readlink -f -- "$archive")" ] ||
    fail "case '$name': $cmd printed '$out', but the archive is $archive"
  members=$(tar -tzf "$archive" 2>/dev/null </dev/null) || fail "case '$name': $archive is not a gzip-compressed tar archive (tar -tzf fails)"
  bad=$(printf '%s\n' "$members" | grep -v -e "^$base/" -e "^$base\$" | head -n 1 || true)
  [ -z "$bad" ] ||
    fail "case '$name': $archive should hold the directory as '$base/...', but it has '$bad': archive it from its parent, tar -czf ARCHIVE -C \"\$(dirname SRC)\" \"\$(basename SRC)\""
  x=$(mktemp -d "$res/x.XXXXXX")
  tar -xzf "$archive" -C "$x" </dev/null
  diff -r "$src" "$x/$base" >/dev/null 2>&1 ||
    fail "case '$name': $archive does not hold the same files as $src: $(diff -rq "$src" "$x/$base" 2>&1 | head -n 1)"
}

make_tree "$scratch/src/project"
expect_backup 'normal case' "$scratch/src/project" "$scratch/backups" "$scratch/src/project" "$scratch/backups"
expect_backup 'DEST_DIR exists already' "$scratch/src/project" "$scratch/backups" "$scratch/src/project" "$scratch/backups"

make_tree "$scratch/src/web site"
expect_backup 'names with spaces' "$scratch/src/web site" "$scratch/my backups" "$scratch/src/web site" "$scratch/my backups"

make_tree "$scratch/src/app"
expect_backup 'SOURCE_DIR with a trailing slash' "$scratch/src/app" "$scratch/backups" "$scratch/src/app/" "$scratch/backups"

make_tree "$scratch/rel/data"
expect_backup 'relative paths' "$scratch/rel/data" "$scratch/relative-backups" rel/data relative-backups

pass "backup-rotate writes NAME-$(date +%F).tar.gz with the whole directory, prints its path, and copes with spaces, a trailing slash and relative paths"
