# Shared by this exercise's scripts (the exercise's `prelude`): functions only, nothing runs here.

# ensure_targets: nginx answers on 127.0.0.1:80, and SYNs to ports 9990-9999 are dropped (no
# answer until the probe's timeout). Safe to call again: the checks do, in case it was undone.
ensure_targets() {
  pgrep -x nginx >/dev/null || nginx
  iptables -C INPUT -p tcp --dport 9990:9999 -j DROP 2>/dev/null ||
    iptables -I INPUT -p tcp --dport 9990:9999 -j DROP
}

# require_script: the learner's script exists, is executable, has a #! line and parses.
require_script() {
  script=/usr/local/bin/probe-hosts
  [ -e "$script" ] || fail_t script-missing script="$script"
  [ -f "$script" ] || fail_t script-not-regular script="$script"
  [ -x "$script" ] || fail_t script-not-executable script="$script"
  head -n 1 "$script" | grep -q '^#!.*bash' || fail_t script-not-bash script="$script"
  grep -q "$(printf '\r')" "$script" && fail_t script-crlf script="$script"
  syntax=$(bash -n "$script" 2>&1) || fail_t script-syntax-error script="$script" error="$(printf '%s' "$syntax" | head -n 1)"
  ensure_targets
}

# make_scratch: $scratch (lists, reports), $res (the script's output) and $tmpd (the TMPDIR the
# script gets), all removed on exit. The check's own here-documents go to $res, not /tmp.
make_scratch() {
  scratch=$(mktemp -d /tmp/check-probe.XXXXXX)
  res=$(mktemp -d /tmp/check-res.XXXXXX)
  tmpd=$scratch/tmp
  mkdir -p "$tmpd"
  trap 'rm -rf "$scratch" "$res"' EXIT
  export TMPDIR=$res
}

# oneline FILE: its first 200 characters, lines joined with " / " (a FAIL message is one line).
oneline() { head -c 200 "$1" | awk 'NR > 1 { printf " / " } { printf "%s", $0 }'; }

# quote ARGS...: the command line as the learner would type it.
quote() { printf 'probe-hosts'; for a in "$@"; do printf ' %q' "$a"; done; }

# run ARGS...: runs the script in $scratch and waits for it; sets rc, out, err, cmd, secs.
run() {
  cmd=$(quote "$@")
  rc=0
  local t0 t1
  t0=$(date +%s%N)
  (cd "$scratch" && TMPDIR=$tmpd timeout 20 "$script" "$@") >"$res/out" 2>"$res/err" </dev/null || rc=$?
  t1=$(date +%s%N)
  secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
  out=$(oneline "$res/out")
  err=$(oneline "$res/err")
  [ "$rc" -ne 124 ] || fail_t run-timed-out cmd="$cmd"
}

# expect_report CASE RC LINES...: exit RC, and stdout is exactly these lines (a line may add
# words after up/down, such as "down (timeout)").
# CASE ends the message keys, which name the case in the learner's language.
# message keys: wrong-exit-status-one-up wrong-exit-status-up-and-refused wrong-exit-status-host-name wrong-exit-status-silent-first wrong-exit-status-four-silent-j4 wrong-exit-status-four-silent-j2 wrong-exit-status-two-lists
# message keys: wrong-report-one-up wrong-report-up-and-refused wrong-report-host-name wrong-report-silent-first wrong-report-four-silent-j4 wrong-report-four-silent-j2 wrong-report-two-lists
expect_report() {
  local name=$1 want_rc=$2 want have
  shift 2
  [ "$rc" -eq "$want_rc" ] || fail_t wrong-exit-status-$name cmd="$cmd" want_rc="$want_rc" rc="$rc" out="$out" err="$err"
  want=$(printf '%s\n' "$@")
  have=$(awk '{ print $1, $2 }' "$res/out")
  [ "$have" = "$want" ] ||
    fail_t wrong-report-$name cmd="$cmd" want="$(printf '%s / ' "$@" | sed 's| / $||')" rc="$rc" out="$out" err="$err"
}

# leftovers WHEN: fails when the script left temporary files (in its TMPDIR or in /tmp), a lock
# file, or files beside the report. Uses $tmp_before (ls -A /tmp before the run), $lock, $outdir.
# WHEN (normal, term, int, stale or unwritable: what the run went through) ends the message keys.
# message keys: left-tmpdir-files-normal left-tmpdir-files-term left-tmpdir-files-int left-tmpdir-files-stale left-tmpdir-files-unwritable
# message keys: left-tmp-files-normal left-tmp-files-term left-tmp-files-int left-tmp-files-stale left-tmp-files-unwritable
# message keys: left-lock-normal left-lock-term left-lock-int left-lock-stale left-lock-unwritable
# message keys: left-beside-report-normal left-beside-report-term left-beside-report-int left-beside-report-stale left-beside-report-unwritable
leftovers() {
  local extra when=$1
  extra=$(ls -A "$tmpd")
  [ -z "$extra" ] || fail_t left-tmpdir-files-$when cmd="$cmd" tmpd="$tmpd" files="$(printf '%s' "$extra" | tr '\n' ' ')"
  extra=$(comm -13 <(printf '%s\n' "$tmp_before" | sort) <(ls -A /tmp | grep -v -e '^check-probe\.' -e '^check-res\.' | sort) | tr '\n' ' ')
  [ -z "$extra" ] || fail_t left-tmp-files-$when cmd="$cmd" extra="$extra"
  [ ! -e "$lock" ] || fail_t left-lock-$when cmd="$cmd" lock="$lock"
  if [ -d "$outdir" ]; then
    extra=$(ls -A "$outdir" | grep -vx 'report.txt' | tr '\n' ' ' || true)
    [ -z "$extra" ] || fail_t left-beside-report-$when cmd="$cmd" outdir="$outdir" extra="$extra"
  fi
}
