set -eu
running=$(pgrep -x stubborn | tr '\n' ' ' | sed 's/ $//')
[ -z "$running" ] && pass_t stubborn-ok
set -- $running
case "$(ps -o stat= -p "$1")" in
  T*) fail_t stubborn-stopped pid="$1" ;;
esac
ign=$(awk '/^SigIgn:/ { print $2 }' "/proc/$1/status")
fail_t stubborn-running pid="$1" ign="$ign"
