set -eu
root=/srv/files
out=/root/answers/old-logs.txt
[ -d "$root" ] || fail "$root is gone: reset the lab to get it back"
[ -f "$out" ] || fail "$out does not exist yet: list the old .log files in it, one full path per line"

want=$(find "$root" -type f -name '*.log' -mtime +30 | sort)
got=$(grep -v '^$' "$out" | sort || true)
[ "$got" = "$want" ] && pass "$out lists the $(printf '%s\n' "$want" | wc -l) .log files last modified more than 30 days ago"

age() { echo $(( ($(date +%s) - $(stat -c %Y "$1")) / 86400 )); }
dup=$(printf '%s\n' "$got" | uniq -d | head -n 1)
[ -z "$dup" ] || fail "$out lists $dup more than once"
while IFS= read -r p; do
  [ -n "$p" ] || continue
  printf '%s\n' "$want" | grep -qxF -- "$p" && continue
  case "$p" in
    "$root"/*) ;;
    /*) fail "$out lists $p, which is outside $root" ;;
    *) fail "$out lists '$p', a relative path: write full paths, starting with $root/ (find $root ..., not find .)" ;;
  esac
  [ -e "$p" ] || fail "$out lists $p, which does not exist (a name with a space cut in two?)"
  [ -d "$p" ] && fail "$out lists $p, which is a directory whose name ends in .log: add -type f"
  case "${p##*/}" in
    *.log) ;;
    *) fail "$out lists $p, but its name does not end in .log (-name '*.log' matches the whole name)" ;;
  esac
  fail "$out lists $p, which was last modified $(age "$p") days ago, not more than 30 (-mtime +30)"
done <<EOF2
$got
EOF2
while IFS= read -r p; do
  printf '%s\n' "$got" | grep -qxF -- "$p" && continue
  why=''
  case "$p" in *' '*) why=' Its name has a space: keep each path whole on its line.' ;; esac
  fail "$out misses $p (modified $(age "$p") days ago).$why"
done <<EOF2
$want
EOF2
broken "old-logs: no difference found between '$got' and '$want'"
