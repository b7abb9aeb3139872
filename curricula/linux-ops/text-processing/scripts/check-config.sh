set -eu
src=/srv/app/app.conf
out=/srv/app/app.prod.conf
[ -f "$src" ] || fail "$src is gone: reset the lab to get it back"
if ! grep -q 'staging\.internal' "$src" || ! grep -q '^#' "$src"; then
  fail "$src itself has been changed (sed -i?): it must stay as it was, and the result go to $out. Reset the lab to get the original back, then use sed '...' $src > $out"
fi
[ -f "$out" ] || fail "$out does not exist yet: write the production version of $src into it (sed '...' $src > $out)"

# The expected result, computed from app.conf: comments (first non-blank is #) and blank
# lines removed, every staging.internal replaced, and only the line "debug = true" flipped.
want=$(awk '
  /^[ \t]*#/ { next }
  /^[ \t]*$/ { next }
  { gsub(/staging\.internal/, "prod.internal") }
  /^debug[ \t]*=[ \t]*true[ \t]*$/ { sub(/true/, "false") }
  { print }' "$src")
[ "$(cat "$out")" = "$want" ] && pass "$out is app.conf for production: hosts renamed, debug off, comments and blank lines gone"

at() { printf '%s' "$1" | cut -d: -f1; }
text() { printf '%s' "$1" | cut -d: -f2-; }
hit=$(grep -n 'staging\.internal' "$out" | head -n 1 || true)
if [ -n "$hit" ]; then
  case "$(text "$hit")" in
    *prod.internal*) fail "line $(at "$hit") of $out still has staging.internal: '$(text "$hit")'. Without the g flag, s/// replaces only the first match on each line: s/staging\\.internal/prod.internal/g" ;;
  esac
  fail "line $(at "$hit") of $out still has staging.internal: '$(text "$hit")'"
fi
hit=$(grep -n '^[[:space:]]*#' "$out" | head -n 1 || true)
[ -z "$hit" ] ||
  fail "line $(at "$hit") of $out is a comment: '$(text "$hit")'. Delete every line whose first non-blank character is #, indented ones too: /^[[:space:]]*#/d"
hit=$(grep -n '^[[:space:]]*$' "$out" | head -n 1 || true)
[ -z "$hit" ] ||
  fail "line $(at "$hit") of $out is empty or only blanks (spaces, tabs): delete those lines too, /^[[:space:]]*\$/d"
for keep in 'banner_color = #336699' 'backup_bucket = s3://staging-archive/shop' 'debug_sql = true' 'title = Shop (staging)'; do
  grep -qxF "$keep" "$out" && continue
  key=${keep%% =*}
  now=$(grep "^$key" "$out" | head -n 1 || true)
  case "$key" in
    banner_color) [ -z "$now" ] && fail "the setting '$keep' is gone from $out: its value contains #, but it is not a comment. Anchor the pattern at the start of the line: /^[[:space:]]*#/d" ;;
    backup_bucket | title) fail "'$keep' became '${now:-nothing}': only the host names ending in staging.internal change, not every word 'staging'" ;;
    debug_sql) fail "'$keep' became '${now:-nothing}': only the line 'debug = true' changes; anchor the pattern, /^debug = true\$/" ;;
  esac
  fail "'$keep' should stay as it is in $out, but it is now '${now:-gone}'"
done
grep -qx 'debug = false' "$out" || fail "$out has no line 'debug = false': turn 'debug = true' into 'debug = false'"

# Anything else: the first line that differs.
i=0
while IFS= read -r w || [ -n "$w" ]; do
  i=$((i + 1))
  g=$(sed -n "${i}p" "$out")
  [ "$g" = "$w" ] || fail "line $i of $out is '$g', expected '$w' (everything else stays as in $src, in order)"
done <<EOF2
$want
EOF2
fail "$out has $(grep -c '' "$out") lines, expected $(printf '%s\n' "$want" | wc -l): the extra ones start at line $((i + 1)): '$(sed -n "$((i + 1))p" "$out")'"
