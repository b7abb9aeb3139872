set -eu
# Runs the learner's probe-hosts on targets that are up (nginx on :80), refused (:81) and
# silent (:9990-9999, SYNs dropped), and reports the first case that misbehaves.
require_script
make_scratch
up=127.0.0.1:80 refused=127.0.0.1:81 h1=127.0.0.1:9991 h2=127.0.0.1:9992 h3=127.0.0.1:9993 h4=127.0.0.1:9994

run "$up"
expect_report 'one target, up' 0 "$up up"
run "$up" "$refused"
expect_report 'one up, one refused' 1 "$up up" "$refused down"
run -t 1 -- localhost:80
expect_report 'a host name, and -- before the targets' 0 "localhost:80 up"
run -qj2 "$up"
[ "$rc" -eq 0 ] && [ ! -s "$res/out" ] || fail "case 'options grouped (-qj2), all up': $cmd should exit 0 and print nothing (-q); $(got)"
run -q "$up" "$refused"
[ "$rc" -eq 1 ] && [ ! -s "$res/out" ] || fail "case 'quiet, one down': $cmd should exit 1 and print nothing (-q): the exit status is the answer; $(got)"

# Parallel, and in the order given: the silent target first must still be reported first.
run -t 1 -j 4 "$h1" "$up" "$refused" localhost:80
expect_report 'a silent target first, -j 4' 1 "$h1 down" "$up up" "$refused down" "localhost:80 up"
run -t 2 -j 4 "$h1" "$h2" "$h3" "$h4"
expect_report 'four silent targets, -t 2 -j 4' 1 "$h1 down" "$h2 down" "$h3 down" "$h4 down"
awk -v s="$secs" 'BEGIN { exit !(s < 3.5) }' ||
  fail "case 'four silent targets, -t 2 -j 4': $cmd took $secs s: with 4 probes at once it should take about 2 s, not 4 x 2 s. Start each probe in the background (&) and wait for them"
awk -v s="$secs" 'BEGIN { exit !(s >= 1.8) }' ||
  fail "case 'four silent targets, -t 2 -j 4': $cmd took only $secs s: a target that never answers should be given the whole -t 2 seconds"
run -t 2 -j 2 "$h1" "$h2" "$h3" "$h4"
expect_report 'four silent targets, -t 2 -j 2' 1 "$h1 down" "$h2 down" "$h3 down" "$h4 down"
awk -v s="$secs" 'BEGIN { exit !(s >= 3.6) }' ||
  fail "case 'four silent targets, -t 2 -j 2': $cmd took $secs s: with at most 2 probes at once it takes two rounds of 2 s; it ran more than 2 at a time"
awk -v s="$secs" 'BEGIN { exit !(s < 6) }' ||
  fail "case 'four silent targets, -t 2 -j 2': $cmd took $secs s: with 2 probes at once it should take about 4 s"

# Lists: names with spaces, comments, blank lines; lists first, in order, then the arguments.
mkdir -p "$scratch/my lists"
printf '# web tier\n%s\n\n  localhost:80   # second web\n' "$up" > "$scratch/my lists/web servers.txt"
printf '%s\n# gone\n' "$refused" > "$scratch/my lists/db.txt"
run -t 1 -f "$scratch/my lists/web servers.txt" -f "$scratch/my lists/db.txt" "$h1"
expect_report 'two lists with spaces in their paths, then a target' 1 "$up up" "localhost:80 up" "$refused down" "$h1 down"

# -o: the report goes to the file, not to stdout, and nothing else is left beside it.
outdir="$scratch/probe reports"
mkdir -p "$outdir"
run -o "$outdir/report.txt" "$up" "$refused"
[ "$rc" -eq 1 ] && [ ! -s "$res/out" ] || fail "case 'report to a file': $cmd should exit 1 and print nothing on stdout (the report goes to the file); $(got)"
[ -f "$outdir/report.txt" ] || fail "case 'report to a file': $cmd did not write $outdir/report.txt; $(got)"
[ "$(awk '{ print $1, $2 }' "$outdir/report.txt")" = "$(printf '%s up\n%s down' "$up" "$refused")" ] ||
  fail "case 'report to a file': $outdir/report.txt should hold '$up up / $refused down', it holds '$(oneline "$outdir/report.txt")'"
extra=$(ls -A "$outdir" | grep -vx report.txt | tr '\n' ' ' || true)
[ -z "$extra" ] || fail "case 'report to a file': $cmd left $extra beside the report in $outdir"

run -o "$scratch/no such dir/report.txt" "$up"
[ "$rc" -eq 4 ] || fail "case 'a report that cannot be written': $cmd should exit 4 (the directory does not exist); $(got)"
[ -s "$res/err" ] || fail "case 'a report that cannot be written': $cmd should say on stderr what went wrong; $(got)"
pass "probe-hosts probes in parallel within -j, reports in order, reads lists with spaces, writes -o whole, and exits 0, 1 or 4 as it should"
