# Shared by this exercise's scripts (the exercise's `prelude`): functions only, nothing runs here.

# node_ssh HOST CMD...: runs CMD on HOST as root over the lab's key, without questions.
node_ssh() {
  local h=$1
  shift
  ssh -o BatchMode=yes -o ConnectTimeout=5 -n "root@$h" "$@"
}

# require_tool: /root/fleetcheck/fleetcheck.py exists and imports (without running main).
require_tool() {
  tool=/root/fleetcheck/fleetcheck.py
  [ -f "$tool" ] || fail_t tool-missing tool="$tool"
  local out
  out=$(cd /root/fleetcheck && timeout 10 python3 -c 'import fleetcheck' 2>&1 </dev/null) ||
    fail_t tool-import-fails error="$(printf '%s' "$out" | grep -v '^\s*$' | tail -n 1 | cut -c 1-200)"
}

# run_tool SECONDS ARGS...: runs fleetcheck.py ARGS (stdin closed, at most SECONDS); sets rc,
# elapsed (seconds, one decimal), and $run_dir/out, $run_dir/err; $run_dir/report.json holds a
# normalised copy when stdout is one JSON object, else run_error says why ("no-hosts", or
# "not-json<TAB>PARSER ERROR<TAB>START OF STDOUT").
run_tool() {
  local secs=$1 t0 t1
  shift
  run_dir=${run_dir:-$(mktemp -d)}
  t0=$(date +%s%N)
  rc=0
  (cd /root/fleetcheck && HOME=/root timeout -s KILL "$secs" python3 "$tool" "$@") \
    >"$run_dir/out" 2>"$run_dir/err" </dev/null || rc=$?
  t1=$(date +%s%N)
  elapsed=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
  cmd="fleetcheck.py $*"
  # hung_host: set by a check that made a host accept connections and then say nothing.
  [ "$rc" -ne 137 ] || [ -z "${hung_host:-}" ] || fail_t run-hung-host cmd="$cmd" secs="$secs" hung="$hung_host"
  [ "$rc" -ne 137 ] || fail_t run-hung cmd="$cmd" secs="$secs"
  run_error=$(python3 - "$run_dir/out" "$run_dir/report.json" <<'PY'
import json, sys
text = open(sys.argv[1], errors='replace').read()
try:
    d = json.loads(text)
except ValueError as e:
    first = text.strip().splitlines()[0][:120] if text.strip() else '(nothing)'
    print('not-json', e, first, sep='\t')
    sys.exit()
if not isinstance(d, dict) or not isinstance(d.get('hosts'), dict) or not isinstance(d.get('ok'), bool):
    print('no-hosts')
    sys.exit()
json.dump(d, open(sys.argv[2], 'w'))
PY
)
  [ -z "$run_error" ] || {
    stderr=$(grep -v '^\s*$' "$run_dir/err" | tail -n 1 | cut -c 1-120)
    [ "$run_error" = no-hosts ] && fail_t run-no-hosts cmd="$cmd" stderr="$stderr"
    fail_t run-not-json cmd="$cmd" error="$(printf '%s' "$run_error" | cut -f2)" start="$(printf '%s' "$run_error" | cut -f3)" stderr="$stderr"
  }
}

# host_field HOST KEY: prints hosts[HOST][KEY] from the last report (services.NAME for a
# service); "<absent>" when missing; true/false/null as JSON writes them.
host_field() {
  python3 - "$run_dir/report.json" "$1" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
h = d['hosts'].get(sys.argv[2])
if not isinstance(h, dict):
    print('<absent>'); sys.exit()
v = h
for part in sys.argv[3].split('.'):
    v = v.get(part, '<absent>') if isinstance(v, dict) else '<absent>'
print(json.dumps(v) if not isinstance(v, str) or v == '<absent>' else v)
PY
}

# report_ok: "true" or "false", the report's top-level ok.
report_ok() { python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["ok"]))' "$run_dir/report.json"; }

# expect_up HOST: the report says HOST is reachable, its nginx is up, and its disk use matches df.
expect_up() {
  local h=$1 live got
  [ "$(host_field "$h" reachable)" = true ] ||
    fail_t host-should-be-reachable cmd="$cmd" host="$h" value="$(host_field "$h" reachable)" error="$(host_field "$h" error | cut -c 1-120)"
  [ "$(host_field "$h" services.nginx)" = true ] ||
    fail_t nginx-should-be-up cmd="$cmd" host="$h" value="$(host_field "$h" services.nginx)"
  # one ssh for both live values: "USE% LOAD1"
  live=$(node_ssh "$h" 'df -P / | awk "NR == 2 { print \$5 }"; cat /proc/loadavg' | tr -d '%' | awk '{ printf "%s ", $1 }')
  got=$(host_field "$h" disk_used_pct)
  awk -v a="$got" -v b="${live%% *}" 'BEGIN { exit !(a ~ /^[0-9]+$/ && (a - b) ^ 2 <= 1) }' ||
    fail_t disk-wrong cmd="$cmd" host="$h" got="$got" live="${live%% *}"
  got=$(host_field "$h" load1)
  live=$(echo "$live" | awk '{ print $2 }')
  awk -v a="$got" -v b="$live" 'BEGIN { exit !(a ~ /^[0-9]+(\.[0-9]+)?$/ && (a - b) ^ 2 <= (1 + b / 4) ^ 2) }' ||
    fail_t load-wrong cmd="$cmd" host="$h" got="$got" live="$live"
}
