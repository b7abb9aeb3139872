set -eu
root=/srv/files
out=/root/answers/big-files.txt
limit=1048576
[ -d "$root" ] || fail "$root is gone: reset the lab to get it back"
[ -f "$out" ] || fail "$out does not exist yet: list the files over 1 MiB in it, one full path per line"

want=$(find "$root" -type f -size +"$limit"c | sort)
got=$(grep -v '^$' "$out" | sort || true)
[ "$got" = "$want" ] && pass "$out lists the $(printf '%s\n' "$want" | wc -l) files larger than 1 MiB"

dup=$(printf '%s\n' "$got" | uniq -d | head -n 1)
[ -z "$dup" ] || fail "$out lists $dup more than once"
while IFS= read -r p; do
  [ -n "$p" ] || continue
  printf '%s\n' "$want" | grep -qxF -- "$p" && continue
  case "$p" in
    "$root"/*) ;;
    /*) fail "$out lists $p, which is outside $root" ;;
    *) fail "$out lists '$p': write only full paths, one per line, starting with $root/ (sizes or ls -l columns do not belong in it)" ;;
  esac
  [ -e "$p" ] || fail "$out lists $p, which does not exist (a name with a space cut in two?)"
  [ -d "$p" ] && fail "$out lists $p, which is a directory: add -type f"
  fail "$out lists $p, which is $(stat -c %s "$p") bytes: not more than 1 MiB ($limit bytes)"
done <<EOF2
$got
EOF2
while IFS= read -r p; do
  printf '%s\n' "$got" | grep -qxF -- "$p" && continue
  why=''
  case "$p" in *' '*) why=' Its name has a space: keep each path whole on its line.' ;; esac
  fail "$out misses $p ($(stat -c %s "$p") bytes).$why"
done <<EOF2
$want
EOF2
broken "big-files: no difference found between '$got' and '$want'"
