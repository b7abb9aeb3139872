set -eu
inbox=/srv/data/inbox
[ -d "$inbox" ] || fail_t inbox-gone inbox="$inbox"

ext_of() {
  case "$1" in
    image/png) echo png ;;
    application/gzip) echo gz ;;
    text/x-shellscript) echo sh ;;
    text/plain) echo txt ;;
    application/pdf) echo pdf ;;
    *) broken "no extension for type $1" ;;
  esac
}
# The inbox as setup-server.sh made it (make_inbox, scripts/lib.sh), to compare with.
ref=$(mktemp -d)
trap 'rm -rf "$ref"' EXIT
make_inbox "$ref"

# Files now in the inbox, by content hash.
seen=$(cd "$inbox" && find . -maxdepth 1 -type f -exec sha256sum {} + | sed 's|  \./|  |')
cd "$ref"
total=0
for orig in *; do
  total=$((total + 1))
  sum=$(sha256sum "$orig" | cut -d' ' -f1)
  mime=$(file -b --mime-type "$orig")
  desc=$(file -b "$orig" | cut -d, -f1)
  case "$orig" in *.*) base=${orig%.*} ;; *) base=$orig ;; esac
  want="$base.$(ext_of "$mime")"
  now=$(printf '%s\n' "$seen" | awk -v s="$sum" '$1 == s { sub(/^[0-9a-f]+  /, ""); print; exit }')
  if [ -z "$now" ]; then
    [ -e "$inbox/$want" ] && fail_t inbox-file-edited inbox="$inbox" want="$want" desc="$desc"
    fail_t inbox-file-lost orig="$orig" desc="$desc" inbox="$inbox" want="$want"
  fi
  [ "$now" = "$want" ] && continue
  [ "$now" = "$orig" ] && fail_t inbox-not-renamed orig="$orig" desc="$desc" mime="$mime" want="$want"
  case "$now" in "$want".*) fail_t inbox-extra-extension now="$now" want="$want" ;; esac
  case "$orig" in
    *.*) case "$now" in "$orig".*) fail_t inbox-wrong-extension now="$now" orig="$orig" desc="$desc" ext="${orig##*.}" want="$want" ;; esac ;;
  esac
  fail_t inbox-wrong-name now="$now" want="$want" desc="$desc" mime="$mime"
done
count=$(printf '%s\n' "$seen" | grep -c . || true)
[ "$count" -eq "$total" ] ||
  fail_t inbox-extra-files inbox="$inbox" count="$count" total="$total" files="$(cd "$inbox" && ls -A | tr '\n' ' ')"
pass_t inbox-ok total="$total"
