set -eu
# Runs /root/mr/reducer on sorted KEY<TAB>COUNT inputs the check writes: ones from a mapper,
# partial sums from two workers (counts above 1, one key in both), keys that are prefixes of
# others or hold a space, the last key of the input, an empty input. Its output must be exactly
# one line per key with the sum; order free.
require_exec reducer
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

tab=$(printf '\t')
printf '/a\t1\n/a\t1\n/a\t1\n/b\t1\n/c\t1\n/c\t1\n' > "$work/ones.in"
printf '/\t7\n/a\t2\n/a\t40\n/a/b\t5\n/a/b\t1\n/checkout\t12\n/products\t3\n/products\t1\n/products/7\t9\n' > "$work/partials.in"
printf '/blog/2024/03/sale\t1\n/my page\t2\n/my page\t3\n/my\t1\n/z\t1000000\n/z\t1\n' | LC_ALL=C sort > "$work/spaces.in"
printf '/only\t1\n' > "$work/single.in"
: > "$work/empty.in"

for case in ones partials spaces single empty; do
  rc=0
  timeout 20 "$prog" < "$work/$case.in" > "$work/$case.out" 2> "$work/$case.err" || rc=$?
  [ "$rc" -ne 124 ] || fail_t reducer-timeout case="$case"
  [ "$rc" -eq 0 ] || fail_t reducer-status rc="$rc" case="$case" stderr="$(grep -v '^\s*$' "$work/$case.err" | tail -n 1 | cut -c 1-160)"
  awk -F "$tab" '{ s[$1] += $2 } END { for (k in s) printf "%s\t%d\n", k, s[k] }' "$work/$case.in" | LC_ALL=C sort > "$work/$case.want"
  LC_ALL=C sort "$work/$case.out" > "$work/$case.got"
  dup=$(cut -f1 "$work/$case.got" | uniq -d | head -n 1)
  cmp -s "$work/$case.want" "$work/$case.got" && continue
  cp "$work/$case.in" "/root/mr/check-$case.in"
  [ -z "$dup" ] || fail_t reducer-duplicate-key case="$case" key="$dup"
  diff_fields "$work/$case.want" "$work/$case.got"
  [ "$d_kind" != bad ] || fail_t reducer-bad-line case="$case" line="$d_a"
  [ "$d_kind" != missing ] || fail_t reducer-missing-key case="$case" key="$d_a" want="$d_b"
  [ "$d_kind" != extra ] || fail_t reducer-extra-key case="$case" key="$d_a" got="$d_b"
  fail_t reducer-wrong-count case="$case" key="$d_a" want="$d_b" got="$d_c"
done
pass_t reducer-ok
