set -eu
# Runs /root/mr/mapper on inputs the check writes (a clean shard, query strings, IPv6 clients,
# every kind of broken line, invalid UTF-8, an empty input) and compares its output, summed per
# key, with the check's own answer. Any order, and combining in the mapper, are accepted.
require_exec mapper
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

t='[04/Mar/2024:10:00:01 +0000]'
printf '%s\n' \
  "198.51.100.7 - - $t \"GET /products HTTP/1.1\" 200 512 \"-\" \"curl/8.5.0\"" \
  "198.51.100.7 - - $t \"GET /products?sort=price HTTP/1.1\" 200 512 \"-\" \"curl/8.5.0\"" \
  "2001:db8::1 - alice $t \"POST /login HTTP/2.0\" 302 0 \"https://shop.example/login?next=/cart\" \"Mozilla/5.0 (X11)\"" \
  "203.0.113.9 - - $t \"HEAD / HTTP/1.0\" 200 0 \"-\" \"-\"" \
  "203.0.113.9 - - $t \"GET /search?q=a+b&page=2 HTTP/1.1\" 200 99 \"-\" \"Mozilla/5.0\"" \
  "203.0.113.9 - - $t \"GET /search HTTP/1.1\" 404 99 \"-\" \"Mozilla/5.0\"" \
  "203.0.113.9 - - $t \"-\" 400 0 \"-\" \"-\"" \
  "203.0.113.9 - - $t \"\\x16\\x03\\x01\\x02\\x00\\x01\" 400 157 \"-\" \"-\"" \
  "203.0.113.9 - - $t \"GET /car" \
  "" \
  "not a log line at all" \
  "203.0.113.9 - - $t \"get /lower HTTP/1.1\" 200 1 \"-\" \"-\"" \
  "203.0.113.9 - - $t \"GET /products HTTP/1.1\" 200 512 \"GET /fake HTTP/1.1\" \"x\"" \
  > "$work/edge.log"
printf '203.0.113.9 - - %s "GET /caf\303\251 HTTP/1.1" 200 5 "-" "\377\376"\n' "$t" >> "$work/edge.log"
: > "$work/empty.log"
cp /root/mr/sample.log "$work/sample.log" 2>/dev/null || worker_ssh worker1 'head -n 400 /data/logs/access-worker1-0.log' > "$work/sample.log"

for case in edge empty sample; do
  rc=0
  timeout 20 "$prog" < "$work/$case.log" > "$work/$case.out" 2> "$work/$case.err" || rc=$?
  [ "$rc" -ne 124 ] || fail_t mapper-timeout case="$case"
  [ "$rc" -eq 0 ] || fail_t mapper-status rc="$rc" case="$case" stderr="$(grep -v '^\s*$' "$work/$case.err" | tail -n 1 | cut -c 1-160)"
  truth < "$work/$case.log" > "$work/$case.want"
  summed "$work/$case.out" > "$work/$case.got"
  cmp -s "$work/$case.want" "$work/$case.got" && continue
  cp "$work/$case.log" "/root/mr/check-$case.log"
  lines=$(wc -l < "$work/$case.log")
  diff_fields "$work/$case.want" "$work/$case.got"
  [ "$d_kind" != bad ] || fail_t mapper-bad-line case="$case" lines="$lines" line="$d_a"
  [ "$d_kind" != missing ] || fail_t mapper-missing-key case="$case" lines="$lines" key="$d_a" want="$d_b"
  [ "$d_kind" != extra ] || fail_t mapper-extra-key case="$case" lines="$lines" key="$d_a" got="$d_b"
  fail_t mapper-wrong-count case="$case" lines="$lines" key="$d_a" want="$d_b" got="$d_c"
done
pass_t mapper-ok
