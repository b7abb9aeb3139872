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
  fail "case '$name': $cmd should exit 2 and print a line starting with 'usage:' on stderr (nothing on stdout); $(got)"
}

expect_usage 'no arguments'
expect_usage 'one argument' "$scratch/src/project"
expect_usage 'four arguments' "$scratch/src/project" "$scratch/backups" 3 extra
expect_usage 'KEEP is not a number' "$scratch/src/project" "$scratch/backups" three
expect_usage 'KEEP is 0' "$scratch/src/project" "$scratch/backups" 0
[ ! -e "$scratch/backups" ] || fail "after wrong arguments, $scratch/backups was created: check the arguments before doing anything"

run "$scratch/no-such-dir" "$scratch/backups"
[ "$rc" -eq 1 ] && [ -s "$res/err" ] && [ ! -s "$res/out" ] ||
  fail "case 'source is not a directory': $cmd should exit 1 with a message on stderr (nothing on stdout); $(got)"
[ ! -e "$scratch/backups" ] || fail "case 'source is not a directory': $cmd created $scratch/backups anyway: check the source before making anything"
pass "backup-rotate refuses wrong arguments with a usage line and exit 2, and a missing source with exit 1"
