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
  fail "$bg_cmd should hold its lock file $lock while it runs (-l LOCKFILE), but it is not there; stderr '$(oneline "$res/bg.err")'"
}
# stop_by SIGNAL TARGET WANT_RC WHAT: sends SIGNAL to TARGET (a pid, or -pgid), then expects the
# run to end within 3 s with WANT_RC, its probes gone, and no leftovers.
stop_by() {
  local sig=$1 target=$2 want=$3 what=$4 i brc=0
  cmd=$bg_cmd
  kill "-$sig" -- "$target"
  for i in $(seq 30); do kill -0 "$bg" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$bg" 2>/dev/null; then
    kill_run
    wait "$bg" 2>/dev/null || true
    fail "after $what, $bg_cmd was still running 3 s later. Either its trap for the signal does not end the script (a trap replaces dying: finish it with exit $want), or bash was running a command in the foreground, and bash runs a trap only when that command has finished: start the probes in the background and wait for them (wait returns at once when a trapped signal arrives)"
  fi
  wait "$bg" || brc=$?
  for i in $(seq 10); do [ -z "$(run_procs)" ] && break; sleep 0.1; done
  if procs=$(run_procs | tr '\n' ',' | sed 's/,$//'); [ -n "$procs" ]; then
    left=$(ps -o pid=,pgid=,comm= -p "$procs" | awk '{ printf "%s%s (pid %s)", (NR > 1 ? ", " : ""), $3, $1 }')
    apart=$(ps -o pgid=,comm= -p "$procs" | awk -v g="$bg" '$1 != g && !seen[$2]++ { printf "%s%s", (n++ ? " and " : ""), $2 }')
    kill_run
    if [ -n "$apart" ]; then
      why="$apart ran in a process group of their own (timeout and setsid make one), so the signal to the script's group did not reach them: kill the probes in the EXIT trap (kill \"\${pids[@]}\"), whatever ended the run"
    else
      why="Kill the probes in the EXIT trap (kill \"\${pids[@]}\"); and if a probe is a subshell with several commands, ( nc ...; more ) &, \$! is the subshell, and killing it leaves nc alive: start nc itself with & (then \$! is nc)"
    fi
    fail "after $what, $bg_cmd exited but left processes running: $left. $why"
  fi
  [ "$brc" -eq "$want" ] ||
    fail "after $what, $bg_cmd should exit $want (128 + the signal's number, so its caller knows it was interrupted); got exit $brc, stderr '$(oneline "$res/bg.err")'"
  [ ! -e "$outdir/report.txt" ] ||
    fail "after $what, $bg_cmd wrote $outdir/report.txt anyway: an interrupted run must leave no report, or a reader takes a half-done one for the truth"
  leftovers "after $what"
}

snapshot
run -l "$lock" "$up"
[ "$rc" -eq 0 ] || fail "case 'a normal run with -l': $cmd should exit 0; $(got)"
leftovers "after a normal run"

snapshot
start -t 8 -l "$lock" -o "$outdir/report.txt" "$h1" "$h2"
run -l "$lock" "$up"
second_rc=$rc second=$(got) second_cmd=$cmd
[ -e "$lock" ] || { kill_run; fail "case 'a second run while one is running': $second_cmd removed the lock of the run before it: remove the lock only if this run created it"; }
if [ "$second_rc" -ne 3 ] || [ -s "$res/out" ] || [ ! -s "$res/err" ]; then
  kill_run
  fail "case 'a second run while one is running': $second_cmd should exit 3 at once, with a message on stderr and nothing on stdout, while $bg_cmd holds $lock; $second"
fi
stop_by TERM "$bg" 143 "SIGTERM to the script"

snapshot
start -t 8 -j 2 -l "$lock" -o "$outdir/report.txt" "$h1" "$h2" "$h3"
stop_by INT "-$bg" 130 "SIGINT to its process group (Ctrl-C)"

snapshot
deadpid=$(sh -c 'echo $$')
echo "$deadpid" > "$lock"
run -l "$lock" "$up"
[ "$rc" -eq 0 ] ||
  fail "case 'a stale lock': $lock holds PID $deadpid, which no longer runs (a run killed with kill -9 leaves that behind), so $cmd should take the lock over and exit 0; $(got)"
leftovers "after taking over a stale lock"

snapshot
run -l "$lock" -o "$scratch/no such dir/report.txt" "$up"
[ "$rc" -eq 4 ] || fail "case 'a report that cannot be written': $cmd should exit 4; $(got)"
leftovers "after failing to write its report"
pass "probe-hosts holds its lock while it runs (a second run exits 3, a stale lock is taken over), and after SIGTERM (143), Ctrl-C (130) or an error (4) it leaves no temporary file, lock, report or probe behind"
