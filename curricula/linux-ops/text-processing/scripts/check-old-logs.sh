set -eu
root=/srv/files
out=/root/answers/old-logs.txt
[ -d "$root" ] || fail_t gone path="$root"
[ -f "$out" ] || fail_t no-old-logs-answer out="$out"

# What is wrong with a file listed or missed (expect_listing, scripts/lib.sh): its name or age.
age() { echo $(( ($(date +%s) - $(stat -c %Y "$1")) / 86400 )); }
why_listed() {
  case "${1##*/}" in
    *.log) fail_t old-listed-recent out="$out" path="$1" days="$(age "$1")" ;;
    *) fail_t old-listed-not-log out="$out" path="$1" ;;
  esac
}
why_missing() {
  case "$1" in *' '*) fail_t old-missed-space out="$out" path="$1" days="$(age "$1")" ;; esac
  fail_t old-missed out="$out" path="$1" days="$(age "$1")"
}
listing_ok() { pass_t old-logs-ok out="$out" count="$1"; }
expect_listing "$root" "$out" "$(find "$root" -type f -name '*.log' -mtime +30 | sort)"
