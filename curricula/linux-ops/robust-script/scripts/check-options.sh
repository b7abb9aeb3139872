set -eu
# Runs the learner's probe-hosts with wrong command lines (and -h), and reports the first case
# that misbehaves: the command line, what was expected, what came back.
require_script
make_scratch

# expect_usage CASE ARGS...: exit 2, a line starting with "usage:" on stderr, nothing on stdout.
# CASE ends the message key, which names the case in the learner's language.
# message keys: usage-expected-no-targets usage-expected-unknown-option usage-expected-value-missing-at-end usage-expected-value-missing usage-expected-t-not-number usage-expected-t-zero usage-expected-j-not-number usage-expected-j-zero usage-expected-no-port usage-expected-port-name usage-expected-port-too-big usage-expected-no-host usage-expected-list-missing usage-expected-after-dashdash usage-expected-bad-target-with-o
expect_usage() {
  local name=$1
  shift
  run "$@"
  [ "$rc" -eq 2 ] && grep -qi '^usage:' "$res/err" && [ ! -s "$res/out" ] && return 0
  fail_t usage-expected-$name cmd="$cmd" rc="$rc" out="$out" err="$err"
}

run -h
[ "$rc" -eq 0 ] && grep -qi '^usage:' "$res/out" ||
  fail_t help-not-on-stdout cmd="$cmd" rc="$rc" out="$out" err="$err"

expect_usage no-targets
expect_usage unknown-option -x 127.0.0.1:80
grep -Eq -- '(^|[^[:alnum:]])-?x([^[:alnum:]]|$)' "$res/err" || fail_t unknown-option-not-named cmd="$cmd" rc="$rc" out="$out" err="$err"
expect_usage value-missing-at-end 127.0.0.1:80 -t
expect_usage value-missing -t
# Alone, -t also leaves no targets: only the message tells "no value" from "no targets".
grep -vi '^usage:' "$res/err" | grep -Eq -- '(^|[^[:alnum:]])-?t([^[:alnum:]]|$)' ||
  fail_t missing-value-not-named cmd="$cmd" rc="$rc" out="$out" err="$err"
expect_usage t-not-number -t soon 127.0.0.1:80
expect_usage t-zero -t 0 127.0.0.1:80
expect_usage j-not-number -j -1 127.0.0.1:80
expect_usage j-zero -j 0 127.0.0.1:80
expect_usage no-port localhost
expect_usage port-name localhost:http
expect_usage port-too-big localhost:70000
expect_usage no-host :80
# With a valid target beside them, only the list itself can be the reason to refuse.
expect_usage list-missing -f "$scratch/no such list.txt" 127.0.0.1:80
expect_usage after-dashdash -- -q 127.0.0.1:80
expect_usage bad-target-with-o -o "$scratch/report.txt" 127.0.0.1:80 web
[ ! -e "$scratch/report.txt" ] ||
  fail_t report-despite-bad-args cmd="$cmd" scratch="$scratch"
pass_t options-ok
