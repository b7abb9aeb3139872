set -eu
# Runs the learner's probe-hosts with a lock file, interrupts it in the middle of a slow run
# (SIGTERM to the script, as kill and systemd send it; SIGINT to its whole process group, as
# Ctrl-C does), and makes it fail on purpose; after each, nothing may be left behind: no
# temporary files, no lock, no half-written report, no probe still running.
require_script
make_scratch
set -m    # every background run gets its own process group, as from an interactive shell
up=127.0.0.1:80 h1=127.0.0.1:9995 h2=127.0.0.1:9996 h3=127.0.0.1:9997
mkdir -p "$scratch/run" "$scratch/out dir"
lock="$scratch/run/probe hosts.lock" outdir="$scratch/out dir"
snapshot() { tmp_before=$(ls -A /tmp | grep -v -e '^check-probe\.' -e '^check-res\.' || true); }
mark=$$.$RANDOM   # in the environment of every run, so its descendants carry it too

# run_procs: the PIDs of what the background run left: its process group, and every process
# with the run's mark in its environment (a probe under timeout or setsid has a process group
# of its own, and once the script exits its children's parent is PID 1, not the script).
run_procs() {
  {
    pgrep -g "$bg" || true
    grep -lzx "CHECK_PROBE_RUN=$mark" /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3 || true
  } | sort -un
}
# kill_run: SIGKILL to all of them.
kill_run() {
  kill -KILL -- "-$bg" 2>/dev/null || true
  local p
  for p in $(run_procs); do kill -KILL "$p" 2>/dev/null || true; done
}

# probing: true once the run has a probe going: a process of the run other than the script
# itself and other than timeout (which starts its command only after making its own group).
probing() {
  local p
  for p in $(run_procs); do
    [ "$p" != "$bg" ] && [ "$(cat "/proc/$p/comm" 2>/dev/null)" != timeout ] && return 0
  done
  return 1
}
# start ARGS...: runs the script in the background and returns once it holds its lock and its
# probes run (the targets are silent, so they run for -t seconds); sets bg, bg_cmd.
start() {
  bg_cmd=$(quote "$@")
  (cd "$scratch" && TMPDIR=$tmpd CHECK_PROBE_RUN=$mark exec "$script" "$@") >"$res/bg.out" 2>"$res/bg.err" </dev/null &
  bg=$!
  local i
  for i in $(seq 30); do
    if [ -e "$lock" ]; then
      for i in $(seq 30); do probing && break; sleep 0.1; done
      sleep 0.2
      return 0
    fi
    kill -0 "$bg" 2>/dev/null || break
    sleep 0.1
  done
  kill_run
  wait "$bg" 2>/dev/null || true
  fail_t no-lock-while-running bg_cmd="$bg_cmd" lock="$lock" stderr="$(oneline "$res/bg.err")"
}
# stop_by SIGNAL TARGET WANT_RC WHAT: sends SIGNAL to TARGET (a pid, or -pgid), then expects the
# run to end within 3 s with WANT_RC, its probes gone, and no leftovers. WHAT is term or int: the
# messages' keys end with it, so that the catalog says in the learner's language what was sent.
# message keys: still-running-term still-running-int probes-left-other-group-term probes-left-other-group-int
# message keys: probes-left-term probes-left-int wrong-exit-term wrong-exit-int report-written-term report-written-int
stop_by() {
  local sig=$1 target=$2 want=$3 what=$4 i brc=0
  cmd=$bg_cmd
  kill "-$sig" -- "$target"
  for i in $(seq 30); do kill -0 "$bg" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$bg" 2>/dev/null; then
    kill_run
    wait "$bg" 2>/dev/null || true
    fail_t still-running-$what bg_cmd="$bg_cmd" want="$want"
  fi
  wait "$bg" || brc=$?
  for i in $(seq 10); do [ -z "$(run_procs)" ] && break; sleep 0.1; done
  if procs=$(run_procs | tr '\n' ',' | sed 's/,$//'); [ -n "$procs" ]; then
    left=$(ps -o pid=,pgid=,comm= -p "$procs" | awk '{ printf "%s%s (pid %s)", (NR > 1 ? ", " : ""), $3, $1 }')
    apart=$(ps -o pgid=,comm= -p "$procs" | awk -v g="$bg" '$1 != g && !seen[$2]++ { printf "%s%s", (n++ ? " and " : ""), $2 }')
    kill_run
    [ -z "$apart" ] ||
      fail_t probes-left-other-group-$what bg_cmd="$bg_cmd" left="$left" apart="$apart"
    fail_t probes-left-$what bg_cmd="$bg_cmd" left="$left"
  fi
  [ "$brc" -eq "$want" ] ||
    fail_t wrong-exit-$what bg_cmd="$bg_cmd" want="$want" brc="$brc" stderr="$(oneline "$res/bg.err")"
  [ ! -e "$outdir/report.txt" ] ||
    fail_t report-written-$what bg_cmd="$bg_cmd" outdir="$outdir"
  leftovers "$what"
}

snapshot
run -l "$lock" "$up"
[ "$rc" -eq 0 ] || fail_t lock-run-failed cmd="$cmd" rc="$rc" out="$out" err="$err"
leftovers normal

snapshot
start -t 8 -l "$lock" -o "$outdir/report.txt" "$h1" "$h2"
run -l "$lock" "$up"
second_rc=$rc second_out=$out second_err=$err second_cmd=$cmd
[ -e "$lock" ] || { kill_run; fail_t second-run-removed-lock second_cmd="$second_cmd"; }
if [ "$second_rc" -ne 3 ] || [ -s "$res/out" ] || [ ! -s "$res/err" ]; then
  kill_run
  fail_t second-run-not-refused second_cmd="$second_cmd" bg_cmd="$bg_cmd" lock="$lock" second_rc="$second_rc" second_out="$second_out" second_err="$second_err"
fi
stop_by TERM "$bg" 143 term

snapshot
start -t 8 -j 2 -l "$lock" -o "$outdir/report.txt" "$h1" "$h2" "$h3"
stop_by INT "-$bg" 130 int

snapshot
deadpid=$(sh -c 'echo $$')
echo "$deadpid" > "$lock"
run -l "$lock" "$up"
[ "$rc" -eq 0 ] ||
  fail_t stale-lock-not-taken lock="$lock" deadpid="$deadpid" cmd="$cmd" rc="$rc" out="$out" err="$err"
leftovers stale

snapshot
run -l "$lock" -o "$scratch/no such dir/report.txt" "$up"
[ "$rc" -eq 4 ] || fail_t lock-unwritable-report-exit cmd="$cmd" rc="$rc" out="$out" err="$err"
leftovers unwritable
pass_t cleanup-ok
