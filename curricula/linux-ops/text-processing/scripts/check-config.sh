set -eu
src=/srv/app/app.conf
out=/srv/app/app.prod.conf
[ -f "$src" ] || fail_t gone path="$src"
if ! grep -q 'staging\.internal' "$src" || ! grep -q '^#' "$src"; then
  fail_t src-edited src="$src" out="$out"
fi
[ -f "$out" ] || fail_t no-prod-conf src="$src" out="$out"

# The expected result, computed from app.conf: comments (first non-blank is #) and blank
# lines removed, every staging.internal replaced, and only the line "debug = true" flipped.
want=$(awk '
  /^[ \t]*#/ { next }
  /^[ \t]*$/ { next }
  { gsub(/staging\.internal/, "prod.internal") }
  /^debug[ \t]*=[ \t]*true[ \t]*$/ { sub(/true/, "false") }
  { print }' "$src")
[ "$(cat "$out")" = "$want" ] && pass_t config-ok out="$out"

at() { printf '%s' "$1" | cut -d: -f1; }
text() { printf '%s' "$1" | cut -d: -f2-; }
hit=$(grep -n 'staging\.internal' "$out" | head -n 1 || true)
if [ -n "$hit" ]; then
  case "$(text "$hit")" in
    *prod.internal*) fail_t staging-left-no-g line="$(at "$hit")" out="$out" text="$(text "$hit")" ;;
  esac
  fail_t staging-left line="$(at "$hit")" out="$out" text="$(text "$hit")"
fi
hit=$(grep -n '^[[:space:]]*#' "$out" | head -n 1 || true)
[ -z "$hit" ] ||
  fail_t comment-left line="$(at "$hit")" out="$out" text="$(text "$hit")"
hit=$(grep -n '^[[:space:]]*$' "$out" | head -n 1 || true)
[ -z "$hit" ] ||
  fail_t blank-left line="$(at "$hit")" out="$out"
for keep in 'banner_color = #336699' 'backup_bucket = s3://staging-archive/shop' 'debug_sql = true' 'title = Shop (staging)'; do
  grep -qxF "$keep" "$out" && continue
  key=${keep%% =*}
  now=$(grep "^$key" "$out" | head -n 1 || true)
  case "$key" in
    banner_color) [ -z "$now" ] && fail_t hash-value-deleted keep="$keep" out="$out" ;;
    backup_bucket | title)
      [ -n "$now" ] || fail_t staging-word-deleted keep="$keep"
      fail_t staging-word-changed keep="$keep" now="$now" ;;
    debug_sql)
      [ -n "$now" ] || fail_t debug-sql-deleted keep="$keep"
      fail_t debug-sql-changed keep="$keep" now="$now" ;;
  esac
  [ -n "$now" ] || fail_t setting-deleted keep="$keep" out="$out"
  fail_t setting-changed keep="$keep" out="$out" now="$now"
done
grep -qx 'debug = false' "$out" || fail_t no-debug-false out="$out"

# Anything else: the first line that differs.
i=0
while IFS= read -r w || [ -n "$w" ]; do
  i=$((i + 1))
  g=$(sed -n "${i}p" "$out")
  [ "$g" = "$w" ] || fail_t line-differs line="$i" out="$out" got="$g" want="$w" src="$src"
done <<EOF2
$want
EOF2
fail_t extra-lines out="$out" lines="$(grep -c '' "$out")" want="$(printf '%s\n' "$want" | wc -l)" from="$((i + 1))" text="$(sed -n "$((i + 1))p" "$out")"
