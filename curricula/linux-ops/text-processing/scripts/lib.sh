# Shared by the find checks of this exercise (its `prelude`): functions only, nothing runs here.

# expect_listing ROOT OUT WANT WHAT: the learner's answer file OUT must list exactly the paths in
# WANT (one per line, sorted), in any order; then it passes: "OUT lists the N WHAT". Otherwise it
# fails at the first difference. For a path under ROOT that does not belong, and for one that is
# missing, the check script says what is wrong with it: `why_listed PATH` prints the end of
# "OUT lists PATH, ...", `why_missing PATH` what follows "OUT misses PATH".
expect_listing() {
  local root=$1 out=$2 want=$3 what=$4 got dup p why
  got=$(grep -v '^$' "$out" | sort || true)
  [ "$got" = "$want" ] && pass "$out lists the $(printf '%s\n' "$want" | wc -l) $what"

  dup=$(printf '%s\n' "$got" | uniq -d | head -n 1)
  [ -z "$dup" ] || fail "$out lists $dup more than once"
  while IFS= read -r p; do
    [ -n "$p" ] || continue
    printf '%s\n' "$want" | grep -qxF -- "$p" && continue
    case "$p" in
      "$root" | "$root"/*) ;;
      /*) fail "$out lists $p, which is outside $root" ;;
      *) fail "$out lists '$p', not a full path: write full paths, one per line, starting with $root/ (find $root ..., not find .; no sizes or ls -l columns)" ;;
    esac
    [ -e "$p" ] || fail "$out lists $p, which does not exist (a name with a space cut in two?)"
    [ -d "$p" ] && fail "$out lists $p, which is a directory: add -type f"
    fail "$out lists $p, $(why_listed "$p")"
  done <<GOT
$got
GOT
  while IFS= read -r p; do
    printf '%s\n' "$got" | grep -qxF -- "$p" && continue
    why=''
    case "$p" in *' '*) why=' Its name has a space: keep each path whole on its line.' ;; esac
    fail "$out misses $p $(why_missing "$p").$why"
  done <<WANT
$want
WANT
  broken "$out: no difference found between '$got' and '$want'"
}
