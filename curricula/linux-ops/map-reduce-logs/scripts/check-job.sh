set -eu
# Adds a shard to worker2 (paths that worker1 has too, one path of its own with a count that
# differs from run to run, broken lines) and an empty shard to worker1, runs /root/mr/run-job
# on master, and compares what it prints, one line per path, with the check's own count over
# every shard of both workers (read over ssh). The added shards are removed afterwards.
require_exec run-job
work=$(mktemp -d)
extra=/data/logs/access-zz-check.log
empty=/data/logs/access-zz-empty.log
trap 'worker_ssh worker2 "rm -f $extra" || true; worker_ssh worker1 "rm -f $empty" || true; rm -rf "$work"' EXIT

n=$((RANDOM % 40 + 7))
key="/check-$RANDOM"
t='[04/Mar/2024:23:59:59 +0000]'
{
  for i in $(seq 1 "$n"); do
    echo "198.51.100.$i - - $t \"GET $key?try=$i HTTP/1.1\" 200 10 \"-\" \"check\""
    echo "198.51.100.$i - - $t \"GET /products HTTP/1.1\" 200 10 \"-\" \"check\""
  done
  echo "198.51.100.1 - - $t \"GET /cart"
  echo "198.51.100.1 - - $t \"-\" 400 0 \"-\" \"-\""
} | ssh -o BatchMode=yes -o ConnectTimeout=5 root@worker2 "cat > $extra"
worker_ssh worker1 ": > $empty"

for w in worker1 worker2; do worker_ssh "$w" 'cat /data/logs/*.log'; done | truth > "$work/want"

rc=0
(cd /root/mr && timeout 80 ./run-job) > "$work/out" 2> "$work/err" </dev/null || rc=$?
[ "$rc" -ne 124 ] || fail_t job-timeout
[ "$rc" -eq 0 ] || fail_t job-status rc="$rc" stderr="$(grep -v '^\s*$' "$work/err" | tail -n 1 | cut -c 1-200)"
[ -s "$work/out" ] || fail_t job-no-output
dup=$(cut -f1 "$work/out" | LC_ALL=C sort | uniq -d | head -n 1)
[ -z "$dup" ] || fail_t job-duplicate-path path="$dup"
summed "$work/out" > "$work/got"
if ! cmp -s "$work/want" "$work/got"; then
  diff_fields "$work/want" "$work/got"
  [ "$d_kind" != bad ] || fail_t job-bad-line extra="$extra" n="$n" hit="$key" line="$d_a"
  [ "$d_kind" != missing ] || fail_t job-missing-key extra="$extra" n="$n" hit="$key" key="$d_a" want="$d_b"
  [ "$d_kind" != extra ] || fail_t job-extra-key extra="$extra" n="$n" hit="$key" key="$d_a" got="$d_b"
  fail_t job-wrong-count extra="$extra" n="$n" hit="$key" key="$d_a" want="$d_b" got="$d_c"
fi
pass_t job-ok paths="$(wc -l < "$work/want")"
