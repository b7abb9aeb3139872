set -eu
mkdir -p /run/lock
cat > /usr/local/bin/probe-hosts <<'SCRIPT'
#!/bin/bash
# probe-hosts: try a TCP connection to every HOST:PORT, several at once, and report which
# answer. Exit 0 all up, 1 some down, 2 usage, 3 another run holds the lock, 4 the report
# cannot be written, 130/143 when interrupted (SIGINT/SIGTERM).
set -euo pipefail

prog=probe-hosts
usage() {
  echo "usage: $prog [-q] [-t SECONDS] [-j JOBS] [-o REPORT] [-l LOCKFILE] [-f LIST]... [--] [HOST:PORT...]"
}
bad_usage() {
  echo "$prog: $*" >&2
  usage >&2
  exit 2
}

quiet=0 timeout_s=3 jobs_max=4 report='' lock=/run/lock/probe-hosts.lock
lists=()
while getopts ':qt:j:o:l:f:h' opt; do
  case $opt in
    q) quiet=1 ;;
    t) timeout_s=$OPTARG ;;
    j) jobs_max=$OPTARG ;;
    o) report=$OPTARG ;;
    l) lock=$OPTARG ;;
    f) lists+=("$OPTARG") ;;   # repeatable: every -f adds one list
    h) usage; exit 0 ;;
    :) bad_usage "option -$OPTARG needs a value" ;;
    \?) bad_usage "unknown option -$OPTARG" ;;
  esac
done
shift $((OPTIND - 1))          # what is left are targets ("--" is eaten by getopts)

is_count() { [[ $1 =~ ^[0-9]+$ ]] && (( 10#$1 >= 1 )); }
is_count "$timeout_s" || bad_usage "-t wants a whole number of seconds, at least 1 (got '$timeout_s')"
is_count "$jobs_max" || bad_usage "-j wants a whole number, at least 1 (got '$jobs_max')"

# Targets: those of the lists first, in order, then those of the command line.
targets=()
for list in ${lists[@]+"${lists[@]}"}; do
  [ -f "$list" ] && [ -r "$list" ] || bad_usage "cannot read the target list '$list'"
  while IFS= read -r line || [ -n "$line" ]; do
    line=${line%%#*}                                  # comments
    line=$(printf '%s' "$line" | tr -d '[:space:]')   # blanks
    [ -n "$line" ] && targets+=("$line")
  done < "$list"
done
targets+=("$@")
[ "${#targets[@]}" -ge 1 ] || bad_usage "no targets"
for t in "${targets[@]}"; do
  [[ $t =~ ^[A-Za-z0-9][A-Za-z0-9.-]*:([0-9]+)$ ]] && (( 10#${BASH_REMATCH[1]} >= 1 && 10#${BASH_REMATCH[1]} <= 65535 )) ||
    bad_usage "'$t' is not a target: HOST:PORT, port 1 to 65535"
done

# From here on, whatever ends the script goes through cleanup.
have_lock=0 report_tmp=''
declare -A index_of=()            # pid of a running probe -> its target's index
cleanup() {
  local pid
  for pid in "${!index_of[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -z "$report_tmp" ] || rm -f -- "$report_tmp"
  [ "$have_lock" = 0 ] || rm -f -- "$lock"
}
trap cleanup EXIT
trap 'exit 130' INT               # exit runs the EXIT trap; 128 + signal number
trap 'exit 143' TERM

# The lock: created only if absent (noclobber), holding our PID. A lock whose PID is gone was
# left by a run that was killed with -9, which no trap can catch: take it over.
take_lock() { ( set -C; echo "$$" > "$lock" ) 2>/dev/null; }
if ! take_lock; then
  holder=$(cat -- "$lock" 2>/dev/null || true)
  if [[ $holder =~ ^[0-9]+$ ]] && kill -0 "$holder" 2>/dev/null; then
    echo "$prog: another run (pid $holder) holds $lock" >&2
    exit 3
  fi
  echo "$prog: taking over the stale lock $lock (pid ${holder:-?} is gone)" >&2
  rm -f -- "$lock"
  take_lock || { echo "$prog: another run took $lock first" >&2; exit 3; }
fi
have_lock=1

# The report is written beside its final name, then renamed: readers see all of it or none.
if [ -n "$report" ]; then
  report_tmp=$(mktemp -- "$report.XXXXXX" 2>/dev/null) || { echo "$prog: cannot write the report $report" >&2; exit 4; }
fi

state=()
reap() {                          # wait for any one probe; note its target up or down
  local pid rc=0
  wait -n -p pid || rc=$?
  if [ "$rc" -eq 0 ]; then state[${index_of[$pid]}]=up; else state[${index_of[$pid]}]=down; fi
  unset "index_of[$pid]"
}
for i in "${!targets[@]}"; do
  while [ "${#index_of[@]}" -ge "$jobs_max" ]; do reap; done
  nc -z -w "$timeout_s" "${targets[i]%:*}" "${targets[i]##*:}" >/dev/null 2>&1 &
  index_of[$!]=$i
done
while [ "${#index_of[@]}" -gt 0 ]; do reap; done

lines=() down=0
for i in "${!targets[@]}"; do
  lines+=("${targets[i]} ${state[i]}")
  [ "${state[i]}" = up ] || down=$((down + 1))
done
if [ -n "$report" ]; then
  printf '%s\n' "${lines[@]}" > "$report_tmp"
  chmod 644 "$report_tmp"
  mv -f -- "$report_tmp" "$report" || { echo "$prog: cannot write the report $report" >&2; exit 4; }
  report_tmp=''
elif [ "$quiet" = 0 ]; then
  printf '%s\n' "${lines[@]}"
fi
[ "$down" -eq 0 ] || exit 1
SCRIPT
chmod 755 /usr/local/bin/probe-hosts
bash -n /usr/local/bin/probe-hosts
probe-hosts -t 1 -f /etc/opslab/targets.txt 127.0.0.1:80 || echo "exit $?"
