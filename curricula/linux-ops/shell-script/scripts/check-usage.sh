set -eu
# Runs the learner's /usr/local/bin/backup-rotate with wrong arguments, in a scratch
# directory, and reports the first case that misbehaves: input, expected, got.
require_script

make_scratch
mkdir -p "$scratch/src/project"
echo data > "$scratch/src/project/file.txt"

# expect_usage CASE ARGS...: exit 2, a line starting with "usage:" on stderr, nothing on stdout.
expect_usage() {
  name=$1
  shift
  run "$@"
  [ "$rc" -eq 2 ] && grep -qi '^usage:' "$res/err" && [ ! -s "$res/out" ] && return 0
  fail_t usage-expected case="$name" cmd="$cmd" rc="$rc" out="$out" err="$err"
}

expect_usage 'no arguments'
expect_usage 'one argument' "$scratch/src/project"
expect_usage 'four arguments' "$scratch/src/project" "$scratch/backups" 3 extra
expect_usage 'KEEP is not a number' "$scratch/src/project" "$scratch/backups" three
expect_usage 'KEEP is 0' "$scratch/src/project" "$scratch/backups" 0
[ ! -e "$scratch/backups" ] || fail_t usage-created-dest dest="$scratch/backups"

run "$scratch/no-such-dir" "$scratch/backups"
[ "$rc" -eq 1 ] && [ -s "$res/err" ] && [ ! -s "$res/out" ] ||
  fail_t no-source-exit case='source is not a directory' cmd="$cmd" rc="$rc" out="$out" err="$err"
[ ! -e "$scratch/backups" ] || fail_t no-source-created-dest case='source is not a directory' cmd="$cmd" dest="$scratch/backups"
pass_t usage-ok
