set -eu
# Runs the learner's /usr/local/bin/backup-rotate with wrong arguments, in a scratch
# directory, and reports the first case that misbehaves: input, expected, got.
script=/usr/local/bin/backup-rotate
[ -e "$script" ] || fail "$script does not exist yet: write it (vim $script), then chmod +x $script"
[ -f "$script" ] || fail "$script is not a regular file"
[ -x "$script" ] || fail "$script is not executable: chmod +x $script"
head -n 1 "$script" | grep -q '^#!' || fail "$script has no #! line: start it with #!/bin/bash, or the kernel does not know which interpreter runs it"
grep -q "$(printf '\r')" "$script" && fail "$script has Windows line endings (\\r): remove them with sed -i 's/\\r\$//' $script"
syntax=$(bash -n "$script" 2>&1) || fail "bash -n finds a syntax error in $script: $(printf '%s' "$syntax" | head -n 1)"

scratch=$(mktemp -d /tmp/check-backup.XXXXXX)
res=$(mktemp -d)
trap 'rm -rf "$scratch" "$res"' EXIT
mkdir -p "$scratch/src/project"
echo data > "$scratch/src/project/file.txt"

# run ARGS...: runs the script in $scratch; sets rc, out, err and cmd.
# oneline FILE: its first 200 characters, lines joined with " / " (a FAIL message is one line).
oneline() { head -c 200 "$1" | awk 'NR > 1 { printf " / " } { printf "%s", $0 }'; }
run() {
  cmd="backup-rotate$(for a in "$@"; do printf ' %q' "$a"; done)"
  rc=0
  (cd "$scratch" && timeout 10 "$script" "$@") >"$res/out" 2>"$res/err" </dev/null || rc=$?
  out=$(oneline "$res/out")
  err=$(oneline "$res/err")
  [ "$rc" -ne 124 ] || fail "case '$1': $cmd did not finish within 10 s (does it wait for input on stdin?)"
}
got() { echo "got exit $rc, stdout '$out', stderr '$err'"; }
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
