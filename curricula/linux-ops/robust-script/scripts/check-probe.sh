set -eu
# Runs the learner's probe-hosts on targets that are up (nginx on :80), refused (:81) and
# silent (:9990-9999, SYNs dropped), and reports the first case that misbehaves.
require_script
make_scratch
up=127.0.0.1:80 refused=127.0.0.1:81 h1=127.0.0.1:9991 h2=127.0.0.1:9992 h3=127.0.0.1:9993 h4=127.0.0.1:9994

run "$up"
expect_report one-up 0 "$up up"
run "$up" "$refused"
expect_report up-and-refused 1 "$up up" "$refused down"
run -t 1 -- localhost:80
expect_report host-name 0 "localhost:80 up"
run -qj2 "$up"
[ "$rc" -eq 0 ] && [ ! -s "$res/out" ] || fail_t grouped-options cmd="$cmd" rc="$rc" out="$out" err="$err"
run -q "$up" "$refused"
[ "$rc" -eq 1 ] && [ ! -s "$res/out" ] || fail_t quiet-one-down cmd="$cmd" rc="$rc" out="$out" err="$err"

# Parallel, and in the order given: the silent target first must still be reported first.
run -t 1 -j 4 "$h1" "$up" "$refused" localhost:80
expect_report silent-first 1 "$h1 down" "$up up" "$refused down" "localhost:80 up"
run -t 2 -j 4 "$h1" "$h2" "$h3" "$h4"
expect_report four-silent-j4 1 "$h1 down" "$h2 down" "$h3 down" "$h4 down"
awk -v s="$secs" 'BEGIN { exit !(s < 3.5) }' ||
  fail_t not-parallel cmd="$cmd" secs="$secs"
awk -v s="$secs" 'BEGIN { exit !(s >= 1.8) }' ||
  fail_t timeout-too-short cmd="$cmd" secs="$secs"
run -t 2 -j 2 "$h1" "$h2" "$h3" "$h4"
expect_report four-silent-j2 1 "$h1 down" "$h2 down" "$h3 down" "$h4 down"
awk -v s="$secs" 'BEGIN { exit !(s >= 3.6) }' ||
  fail_t over-job-limit cmd="$cmd" secs="$secs"
awk -v s="$secs" 'BEGIN { exit !(s < 6) }' ||
  fail_t too-slow-for-j2 cmd="$cmd" secs="$secs"

# Lists: names with spaces, comments, blank lines; lists first, in order, then the arguments.
mkdir -p "$scratch/my lists"
printf '# web tier\n%s\n\n  localhost:80   # second web\n' "$up" > "$scratch/my lists/web servers.txt"
printf '%s\n# gone\n' "$refused" > "$scratch/my lists/db.txt"
run -t 1 -f "$scratch/my lists/web servers.txt" -f "$scratch/my lists/db.txt" "$h1"
expect_report two-lists 1 "$up up" "localhost:80 up" "$refused down" "$h1 down"

# -o: the report goes to the file, not to stdout, and nothing else is left beside it.
outdir="$scratch/probe reports"
mkdir -p "$outdir"
run -o "$outdir/report.txt" "$up" "$refused"
[ "$rc" -eq 1 ] && [ ! -s "$res/out" ] || fail_t report-file-stdout cmd="$cmd" rc="$rc" out="$out" err="$err"
[ -f "$outdir/report.txt" ] || fail_t report-file-missing cmd="$cmd" outdir="$outdir" rc="$rc" out="$out" err="$err"
[ "$(awk '{ print $1, $2 }' "$outdir/report.txt")" = "$(printf '%s up\n%s down' "$up" "$refused")" ] ||
  fail_t report-file-wrong outdir="$outdir" up="$up" refused="$refused" holds="$(oneline "$outdir/report.txt")"
extra=$(ls -A "$outdir" | grep -vx report.txt | tr '\n' ' ' || true)
[ -z "$extra" ] || fail_t report-file-leftovers cmd="$cmd" extra="$extra" outdir="$outdir"

run -o "$scratch/no such dir/report.txt" "$up"
[ "$rc" -eq 4 ] || fail_t unwritable-report-exit cmd="$cmd" rc="$rc" out="$out" err="$err"
[ -s "$res/err" ] || fail_t unwritable-report-silent cmd="$cmd" rc="$rc" out="$out" err="$err"
pass_t probe-ok
