set -eu
# Runs the learner's probe-hosts with wrong command lines (and -h), and reports the first case
# that misbehaves: the command line, what was expected, what came back.
require_script
make_scratch

# expect_usage CASE ARGS...: exit 2, a line starting with "usage:" on stderr, nothing on stdout.
expect_usage() {
  local name=$1
  shift
  run "$@"
  [ "$rc" -eq 2 ] && grep -qi '^usage:' "$res/err" && [ ! -s "$res/out" ] && return 0
  fail_t usage-expected case="$name" cmd="$cmd" rc="$rc" out="$out" err="$err"
}

run -h
[ "$rc" -eq 0 ] && grep -qi '^usage:' "$res/out" ||
  fail_t help-not-on-stdout cmd="$cmd" rc="$rc" out="$out" err="$err"

expect_usage 'no targets at all'
expect_usage 'an unknown option' -x 127.0.0.1:80
grep -Eq -- '(^|[^[:alnum:]])-?x([^[:alnum:]]|$)' "$res/err" || fail_t unknown-option-not-named cmd="$cmd" rc="$rc" out="$out" err="$err"
expect_usage 'an option without its value at the end' 127.0.0.1:80 -t
expect_usage 'an option without its value' -t
# Alone, -t also leaves no targets: only the message tells "no value" from "no targets".
grep -vi '^usage:' "$res/err" | grep -Eq -- '(^|[^[:alnum:]])-?t([^[:alnum:]]|$)' ||
  fail_t missing-value-not-named cmd="$cmd" rc="$rc" out="$out" err="$err"
expect_usage '-t is not a number' -t soon 127.0.0.1:80
expect_usage '-t is 0' -t 0 127.0.0.1:80
expect_usage '-j is not a number' -j -1 127.0.0.1:80
expect_usage '-j is 0' -j 0 127.0.0.1:80
expect_usage 'a target without a port' localhost
expect_usage 'a port that is a name' localhost:http
expect_usage 'a port above 65535' localhost:70000
expect_usage 'a target without a host' :80
# With a valid target beside them, only the list itself can be the reason to refuse.
expect_usage 'a list that does not exist' -f "$scratch/no such list.txt" 127.0.0.1:80
expect_usage 'after --, -q is a target, not an option' -- -q 127.0.0.1:80
expect_usage 'a wrong target, with -o' -o "$scratch/report.txt" 127.0.0.1:80 web
[ ! -e "$scratch/report.txt" ] ||
  fail_t report-despite-bad-args cmd="$cmd" scratch="$scratch"
pass_t options-ok
