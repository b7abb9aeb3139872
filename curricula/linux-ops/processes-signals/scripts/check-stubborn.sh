set -eu
running=$(pgrep -x stubborn | tr '\n' ' ' | sed 's/ $//')
[ -z "$running" ] && pass "stubborn is gone"
set -- $running
case "$(ps -o stat= -p "$1")" in
  T*) fail "stubborn (PID $1) is stopped (state T), not ended: SIGSTOP pauses it. SIGKILL ends even a stopped process: kill -9 $1" ;;
esac
ign=$(awk '/^SigIgn:/ { print $2 }' "/proc/$1/status")
fail "stubborn (PID $1) is still running. It ignores SIGTERM, SIGINT, SIGHUP and SIGQUIT (SigIgn: $ign in /proc/$1/status), so kill and pkill do nothing; SIGKILL cannot be ignored: kill -9 $1"
