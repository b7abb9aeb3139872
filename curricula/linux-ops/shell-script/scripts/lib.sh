# Shared by this exercise's scripts (the exercise's `prelude`): functions only, nothing runs here.

# require_script: the learner's script exists, is executable, has a #! line and parses.
require_script() {
  script=/usr/local/bin/backup-rotate
  [ -e "$script" ] || fail "$script does not exist yet: write it (vim $script), then chmod +x $script"
  [ -f "$script" ] || fail "$script is not a regular file"
  [ -x "$script" ] || fail "$script is not executable: chmod +x $script"
  head -n 1 "$script" | grep -q '^#!' || fail "$script has no #! line: start it with #!/bin/bash, or the kernel does not know which interpreter runs it"
  grep -q "$(printf '\r')" "$script" && fail "$script has Windows line endings (\\r): remove them with sed -i 's/\\r\$//' $script"
  syntax=$(bash -n "$script" 2>&1) || fail "bash -n finds a syntax error in $script: $(printf '%s' "$syntax" | head -n 1)"
}

# make_scratch: $scratch (where the script runs) and $res (its output), removed on exit.
make_scratch() {
  scratch=$(mktemp -d /tmp/check-backup.XXXXXX)
  res=$(mktemp -d)
  trap 'rm -rf "$scratch" "$res"' EXIT
}

# oneline FILE: its first 200 characters, lines joined with " / " (a FAIL message is one line).
oneline() { head -c 200 "$1" | awk 'NR > 1 { printf " / " } { printf "%s", $0 }'; }

# run ARGS...: runs the script in $scratch; sets rc, out, err and cmd.
run() {
  cmd="backup-rotate$(for a in "$@"; do printf ' %q' "$a"; done)"
  rc=0
  (cd "$scratch" && timeout 10 "$script" "$@") >"$res/out" 2>"$res/err" </dev/null || rc=$?
  out=$(oneline "$res/out")
  err=$(oneline "$res/err")
  [ "$rc" -ne 124 ] || fail "$cmd did not finish within 10 s (does it wait for input on stdin?)"
}

got() { echo "got exit $rc, stdout '$out', stderr '$err'"; }
