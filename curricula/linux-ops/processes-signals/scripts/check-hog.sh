set -eu
# pids NAME: PIDs of processes whose command name is exactly NAME, space-separated.
pids() { pgrep -x "$1" | tr '\n' ' ' | sed 's/ $//'; }
stopped() { case "$(ps -o stat= -p "$1" 2>/dev/null)" in T*) return 0 ;; esac; return 1; }

runner=$(pids jobrunner)
hog=$(pids cruncher)
if [ -n "$runner" ]; then
  set -- $runner
  stopped "$1" &&
    fail_t runner-stopped pid="$1"
  [ -n "$hog" ] &&
    fail_t hog-and-runner hog="$hog" pid="$1"
  fail_t runner-left pid="$1"
fi
if [ -n "$hog" ]; then
  set -- $hog
  stopped "$1" &&
    fail_t hog-stopped pid="$1"
  fail_t hog-running pid="$1" cpu="$(ps -o pcpu= -p "$1" | tr -d ' ')"
fi
pass_t hog-ok
