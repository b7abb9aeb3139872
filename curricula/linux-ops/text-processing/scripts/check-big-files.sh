set -eu
root=/srv/files
out=/root/answers/big-files.txt
limit=1048576
[ -d "$root" ] || fail_t gone path="$root"
[ -f "$out" ] || fail_t no-big-files-answer out="$out"

# What is wrong with a file listed or missed (expect_listing, scripts/lib.sh): its size.
why_listed() { fail_t big-listed-small out="$out" path="$1" size="$(stat -c %s "$1")" limit="$limit"; }
why_missing() {
  case "$1" in *' '*) fail_t big-missed-space out="$out" path="$1" size="$(stat -c %s "$1")" ;; esac
  fail_t big-missed out="$out" path="$1" size="$(stat -c %s "$1")"
}
listing_ok() { pass_t big-files-ok out="$out" count="$1"; }
expect_listing "$root" "$out" "$(find "$root" -type f -size +"$limit"c | sort)"
