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
  fail "case '$name': $cmd should exit 2 and print a line starting with 'usage:' on stderr (nothing on stdout); $(got)"
}

run -h
[ "$rc" -eq 0 ] && grep -qi '^usage:' "$res/out" ||
  fail "case 'help': $cmd should print the usage line on stdout (it was asked for) and exit 0; $(got)"

expect_usage 'no targets at all'
expect_usage 'an unknown option' -x 127.0.0.1:80
grep -Eq -- '(^|[^[:alnum:]])-?x([^[:alnum:]]|$)' "$res/err" || fail "case 'an unknown option': $cmd should name the option it does not know (-x) on stderr; $(got)"
expect_usage 'an option without its value at the end' 127.0.0.1:80 -t
expect_usage 'an option without its value' -t
# Alone, -t also leaves no targets: only the message tells "no value" from "no targets".
grep -vi '^usage:' "$res/err" | grep -Eq -- '(^|[^[:alnum:]])-?t([^[:alnum:]]|$)' ||
  fail "case 'an option without its value': $cmd should say that -t has no value (name the option, as with an unknown one), not only that there are no targets; $(got)"
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
  fail "case 'a wrong target, with -o': $cmd refused its arguments, but created $scratch/report.txt anyway: check every argument before doing anything"
pass "probe-hosts answers -h with its usage, and refuses unknown options, missing values, bad numbers and bad targets with a usage line and exit 2"
