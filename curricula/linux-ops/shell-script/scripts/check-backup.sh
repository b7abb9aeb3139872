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
# expect_backup SOURCE DEST [ARGS...]: the archive DEST/NAME-DATE.tar.gz exists, its path is on
# stdout, and it extracts to NAME/ with the same files as SOURCE. $c names the case: each case has
# its own messages (KEY.$c), so that the case's name is in the learner's language.
expect_backup() {
  src=$1 dest=$2
  shift 2
  before=$(date +%F)
  run "$@"
  after=$(date +%F)
  base=$(basename "$src")
  [ "$rc" -eq 0 ] || fail_t "backup-exit.$c" cmd="$cmd" rc="$rc" out="$out" err="$err"
  archive="$dest/$base-$after.tar.gz"
  [ -f "$archive" ] || archive="$dest/$base-$before.tar.gz"
  if [ ! -f "$archive" ]; then
    [ -d "$dest" ] || fail_t "backup-no-dest.$c" cmd="$cmd" dest="$dest" base="$base" date="$after" rc="$rc" out="$out" err="$err"
    fail_t "backup-no-archive.$c" cmd="$cmd" dest="$dest" base="$base" date="$after" files="$(ls -A "$dest" 2>/dev/null | tr '\n' ' ' | sed 's/ $//')" rc="$rc" out="$out" err="$err"
  fi
  grep -q . "$res/out" || fail_t "backup-no-path.$c" cmd="$cmd" rc="$rc" out="$out" err="$err"
  [ "$(grep -c '' "$res/out")" -eq 1 ] || fail_t "backup-many-lines.$c" cmd="$cmd" rc="$rc" out="$out" err="$err"
  printed=$(cd "$scratch" && readlink -f -- "$(cat "$res/out")" 2>/dev/null || true)
  [ "$printed" = "$(readlink -f -- "$archive")" ] ||
    fail_t "backup-wrong-path.$c" cmd="$cmd" out="$out" archive="$archive"
  members=$(tar -tzf "$archive" 2>/dev/null </dev/null) || fail_t "backup-not-tgz.$c" archive="$archive"
  bad=$(printf '%s\n' "$members" | grep -v -e "^$base/" -e "^$base\$" | head -n 1 || true)
  [ -z "$bad" ] ||
    fail_t "backup-wrong-members.$c" archive="$archive" base="$base" bad="$bad"
  x=$(mktemp -d "$res/x.XXXXXX")
  tar -xzf "$archive" -C "$x" </dev/null
  diff -r "$src" "$x/$base" >/dev/null 2>&1 ||
    fail_t "backup-differs.$c" archive="$archive" src="$src" diff="$(diff -rq "$src" "$x/$base" 2>&1 | head -n 1)"
}

make_tree "$scratch/src/project"
c=normal
expect_backup "$scratch/src/project" "$scratch/backups" "$scratch/src/project" "$scratch/backups"
c=dest-exists
expect_backup "$scratch/src/project" "$scratch/backups" "$scratch/src/project" "$scratch/backups"

make_tree "$scratch/src/web site"
c=spaces
expect_backup "$scratch/src/web site" "$scratch/my backups" "$scratch/src/web site" "$scratch/my backups"

make_tree "$scratch/src/app"
c=trailing-slash
expect_backup "$scratch/src/app" "$scratch/backups" "$scratch/src/app/" "$scratch/backups"

make_tree "$scratch/rel/data"
c=relative
expect_backup "$scratch/rel/data" "$scratch/relative-backups" rel/data relative-backups

pass_t backup-ok date="$(date +%F)"
