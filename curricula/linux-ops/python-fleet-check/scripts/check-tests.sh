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
        print(f'fleetcheck.py has no function {name}(text)')
        sys.exit(1)
    try:
        got = f(text)
    except Exception as e:
        print(f'{name}({text!r}) raised {type(e).__name__}: {e}')
        sys.exit(1)
    if type(got) is not type(want) or abs(got - want) > 1e-9:
        print(f'{name}({text!r}) returned {got!r}, expected {want!r} ({type(want).__name__})')
        sys.exit(1)
PY
) || fail "$(printf '%s' "$msg" | tail -n 1 | cut -c 1-300)"

# run_tests DIR: the learner's tests in DIR (unittest discovery of test*.py); sets trc, tout.
run_tests() {
  trc=0
  tout=$(cd "$1" && timeout 30 python3 -m unittest discover -s . -p 'test*.py' 2>&1 </dev/null) || trc=$?
}
ls /root/fleetcheck/test*.py >/dev/null 2>&1 || fail "no test file in /root/fleetcheck: write test_fleetcheck.py (unittest)"
run_tests /root/fleetcheck
[ "$trc" -ne 124 ] || fail "the unit tests ran for more than 30 s: do they ssh somewhere? Unit tests call the functions with text you give them"
[ "$trc" -eq 0 ] || fail "python3 -m unittest in /root/fleetcheck fails: $(printf '%s' "$tout" | grep -E '^(FAIL|ERROR|[A-Za-z]*Error)' | head -n 2 | tr '\n' ' ' | cut -c 1-250)"
n=$(printf '%s' "$tout" | sed -n 's/^Ran \([0-9]*\) tests\{0,1\}.*/\1/p' | tail -n 1)
[ "${n:-0}" -ge 3 ] || fail "python3 -m unittest ran ${n:-0} test(s): write at least three test methods (def test_...)"

for broken_fn in 'parse_df(text):\n    return 50' 'parse_loadavg(text):\n    return 1.0'; do
  rm -rf "$work/copy"
  cp -r /root/fleetcheck "$work/copy"
  rm -rf "$work/copy/__pycache__"
  printf "\n\ndef $broken_fn\n" >> "$work/copy/fleetcheck.py"
  run_tests "$work/copy"
  [ "$trc" -ne 0 ] ||
    fail "your tests still pass when $(printf "$broken_fn" | head -n 1 | cut -d'(' -f1) always returns $(printf "$broken_fn" | tail -n 1 | awk '{ print $2 }'): test it with real output and the value you expect"
done
pass "parse_df and parse_loadavg read the check's df and loadavg outputs right; your $n tests pass, and catch a broken parse_df or parse_loadavg"
