set -eu
root=/srv/files
out=/root/answers/big-files.txt
limit=1048576
[ -d "$root" ] || fail "$root is gone: reset the lab to get it back"
[ -f "$out" ] || fail "$out does not exist yet: list the files over 1 MiB in it, one full path per line"

# What is wrong with a file listed or missed (expect_listing, scripts/lib.sh): its size.
why_listed() { echo "which is $(stat -c %s "$1") bytes: not more than 1 MiB ($limit bytes)"; }
why_missing() { echo "($(stat -c %s "$1") bytes)"; }
expect_listing "$root" "$out" "$(find "$root" -type f -size +"$limit"c | sort)" "files larger than 1 MiB"
