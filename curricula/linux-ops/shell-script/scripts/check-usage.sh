set -eu
# Runs the learner's /usr/local/bin/backup-rotate with wrong arguments, in a scratch
# directory, and reports the first case that misbehaves: input, expected, got.
require_script

make_scratch
mkdir -p "$scratch/src/project"
echo data > "$scratch/src/project/file.txt"

# expect_usage ARGS...: exit 2, a line starting with "usage:" on stderr, nothing on stdout. $c
# names the case: each case has its own message (usage-expected.$c), in the learner's language.
expect_usage() {
  run "$@"
  [ "$rc" -eq 2 ] && grep -qi '^usage:' "$res/err" && [ ! -s "$res/out" ] && return 0
  fail_t "usage-expected.$c" cmd="$cmd" rc="$rc" out="$out" err="$err"
}

c=no-args
expect_usage
c=one-arg
expect_usage "$scratch/src/project"
c=four-args
expect_usage "$scratch/src/project" "$scratch/backups" 3 extra
c=keep-nan
expect_usage "$scratch/src/project" "$scratch/backups" three
c=keep-0
expect_usage "$scratch/src/project" "$scratch/backups" 0
dest=$scratch/backups
[ ! -e "$dest" ] || fail_t usage-created-dest dest="$dest"

run "$scratch/no-such-dir" "$scratch/backups"
[ "$rc" -eq 1 ] && [ -s "$res/err" ] && [ ! -s "$res/out" ] ||
  fail_t no-source-exit cmd="$cmd" rc="$rc" out="$out" err="$err"
[ ! -e "$dest" ] || fail_t no-source-created-dest cmd="$cmd" dest="$dest"
pass_t usage-ok
