set -eu
root=/srv/files
out=/root/answers/old-logs.txt
[ -d "$root" ] || fail "$root is gone: reset the lab to get it back"
[ -f "$out" ] || fail "$out does not exist yet: list the old .log files in it, one full path per line"

# What is wrong with a file listed or missed (expect_listing, scripts/lib.sh): its name or age.
age() { echo $(( ($(date +%s) - $(stat -c %Y "$1")) / 86400 )); }
why_listed() {
  case "${1##*/}" in
    *.log) echo "which was last modified $(age "$1") days ago, not more than 30 (-mtime +30)" ;;
    *) echo "but its name does not end in .log (-name '*.log' matches the whole name)" ;;
  esac
}
why_missing() { echo "(modified $(age "$1") days ago)"; }
expect_listing "$root" "$out" "$(find "$root" -type f -name '*.log' -mtime +30 | sort)" ".log files last modified more than 30 days ago"
