# Shared by this exercise's scripts (the exercise's `prelude`): functions only, nothing runs here.

# require_script: the learner's script exists, is executable, has a #! line and parses.
require_script() {
  script=/usr/local/bin/backup-rotate
  [ -e "$script" ] || fail_t no-script script="$script"
  [ -f "$script" ] || fail_t script-not-file script="$script"
  [ -x "$script" ] || fail_t script-not-executable script="$script"
  head -n 1 "$script" | grep -q '^#!' || fail_t script-no-shebang script="$script"
  grep -q "$(printf '\r')" "$script" && fail_t script-crlf script="$script"
  syntax=$(bash -n "$script" 2>&1) || fail_t script-syntax script="$script" error="$(printf '%s' "$syntax" | head -n 1)"
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
  [ "$rc" -ne 124 ] || fail_t script-timeout cmd="$cmd"
}
