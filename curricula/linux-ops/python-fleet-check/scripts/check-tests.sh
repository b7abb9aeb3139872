set -eu
# The two parsing functions on outputs the check chooses, then the learner's unit tests: they
# must pass, be at least three, and fail when either function is broken (the check runs them on
# a copy of the folder whose fleetcheck.py ends with a wrong parse_df, then a wrong parse_loadavg).
require_tool
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

msg=$(cd /root/fleetcheck && timeout 10 python3 - <<'PY' 2>&1
import fleetcheck, sys
cases = [
    ('parse_df', "Filesystem     1024-blocks    Used Available Capacity Mounted on\noverlay           41152736 15212540  23827040      39% /\n", 39),
    ('parse_df', "Filesystem      Size  Used Avail Use% Mounted on\n/dev/vda1        20G  6.1G   13G  33% /\n", 33),
    ('parse_df', "Filesystem     1K-blocks  Used Available Use% Mounted on\ntmpfs             65536     0     65536   0% /\n\n", 0),
    ('parse_df', "Filesystem     1024-blocks    Used Available Capacity Mounted on\n/dev/mapper/vg-root 1000 1000 0 100% /\n", 100),
    ('parse_loadavg', "0.42 0.30 0.25 1/123 4567\n", 0.42),
    ('parse_loadavg', "12.05 8.00 3.10 9/812 31337\n", 12.05),
    ('parse_loadavg', "0.00 0.01 0.05 1/64 7", 0.0),
]
for name, text, want in cases:
    f = getattr(fleetcheck, name, None)
    if not callable(f):
        print('no-function', name, sep='\t')
        sys.exit(1)
    try:
        got = f(text)
    except Exception as e:
        # one line, no tabs: the shell reads the last line's fields
        print('raised', name, repr(text), ' '.join(f'{type(e).__name__}: {e}'.split())[:150], sep='\t')
        sys.exit(1)
    if type(got) is not type(want) or abs(got - want) > 1e-9:
        print('wrong', name, repr(text), repr(got)[:60], repr(want), type(want).__name__, sep='\t')
        sys.exit(1)
PY
) || {
  # The last line says what went wrong as tab-separated fields (KIND NAME ...); anything else
  # (a traceback of the check's own code) is shown as it is.
  last=$(printf '%s' "$msg" | tail -n 1)
  field() { printf '%s' "$last" | cut -f "$1"; }
  case "$last" in
    "no-function	"*) fail_t parse-no-function name="$(field 2)" ;;
    "raised	"*) fail_t parse-raised name="$(field 2)" text="$(field 3)" error="$(field 4)" ;;
    "wrong	"*) fail_t parse-wrong name="$(field 2)" text="$(field 3)" got="$(field 4)" want="$(field 5)" type="$(field 6)" ;;
  esac
  fail_t parse-check-error line="$(printf '%s' "$last" | cut -c 1-300)"
}

# run_tests DIR: the learner's tests in DIR (unittest discovery of test*.py); sets trc, tout.
run_tests() {
  trc=0
  tout=$(cd "$1" && timeout 30 python3 -m unittest discover -s . -p 'test*.py' 2>&1 </dev/null) || trc=$?
}
ls /root/fleetcheck/test*.py >/dev/null 2>&1 || fail_t no-test-file
run_tests /root/fleetcheck
[ "$trc" -ne 124 ] || fail_t tests-timeout
[ "$trc" -eq 0 ] || fail_t tests-fail failures="$(printf '%s' "$tout" | grep -E '^(FAIL|ERROR|[A-Za-z]*Error)' | head -n 2 | tr '\n' ' ' | cut -c 1-250)"
n=$(printf '%s' "$tout" | sed -n 's/^Ran \([0-9]*\) tests\{0,1\}.*/\1/p' | tail -n 1)
[ "${n:-0}" -ge 3 ] || fail_t too-few-tests n="${n:-0}"

for broken_fn in 'parse_df(text):\n    return 50' 'parse_loadavg(text):\n    return 1.0'; do
  rm -rf "$work/copy"
  cp -r /root/fleetcheck "$work/copy"
  rm -rf "$work/copy/__pycache__"
  printf "\n\ndef $broken_fn\n" >> "$work/copy/fleetcheck.py"
  run_tests "$work/copy"
  [ "$trc" -ne 0 ] ||
    fail_t tests-miss-broken fn="$(printf "$broken_fn" | head -n 1 | cut -d'(' -f1)" value="$(printf "$broken_fn" | tail -n 1 | awk '{ print $2 }')"
done
pass_t tests-ok n="$n"
