# Shared by the find checks of this exercise (its `prelude`): functions only, nothing runs here.

# expect_listing ROOT OUT WANT: the learner's answer file OUT must list exactly the paths in WANT
# (one per line, sorted), in any order; then it passes with `listing_ok COUNT`. Otherwise it fails
# at the first difference. For a path under ROOT that does not belong, and for one that is
# missing, the check script says what is wrong with it: `why_listed PATH` and `why_missing PATH`
# fail with the script's own message (its words depend on what the list is of).
expect_listing() {
  local root=$1 out=$2 want=$3 got dup p
  got=$(grep -v '^$' "$out" | sort || true)
  [ "$got" = "$want" ] && listing_ok "$(printf '%s\n' "$want" | wc -l)"

  dup=$(printf '%s\n' "$got" | uniq -d | head -n 1)
  [ -z "$dup" ] || fail_t listed-twice out="$out" path="$dup"
  while IFS= read -r p; do
    [ -n "$p" ] || continue
    printf '%s\n' "$want" | grep -qxF -- "$p" && continue
    case "$p" in
      "$root" | "$root"/*) ;;
      /*) fail_t listed-outside out="$out" path="$p" root="$root" ;;
      *) fail_t listed-not-full-path out="$out" path="$p" root="$root" ;;
    esac
    [ -e "$p" ] || fail_t listed-not-found out="$out" path="$p"
    [ -d "$p" ] && fail_t listed-directory out="$out" path="$p"
    why_listed "$p"
    broken "why_listed $p did not fail"
  done <<GOT
$got
GOT
  while IFS= read -r p; do
    printf '%s\n' "$got" | grep -qxF -- "$p" && continue
    why_missing "$p"
    broken "why_missing $p did not fail"
  done <<WANT
$want
WANT
  broken "$out: no difference found between '$got' and '$want'"
}
