set -eu
inbox=/srv/data/inbox
[ -d "$inbox" ] || fail "$inbox is gone: reset the lab"

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
    [ -e "$inbox/$want" ] && fail "$inbox/$want has the right name, but its content is no longer the uploaded $desc: do not edit the files, only rename them (reset the lab to get the original back)"
    fail "the file that was $orig ($desc) is no longer in $inbox: was it deleted, moved elsewhere or changed? It should be $inbox/$want"
  fi
  [ "$now" = "$want" ] && continue
  [ "$now" = "$orig" ] && fail "$orig is still called $orig: file says it is $desc ($mime), so name it $want"
  case "$now" in "$want".*) fail "$now has an extra extension: name it $want" ;; esac
  case "$orig" in
    *.*) case "$now" in "$orig".*) fail "$now keeps the wrong extension: $orig is $desc, not what .${orig##*.} says. Replace the extension: $want" ;; esac ;;
  esac
  fail "$now should be called $want: file says it is $desc ($mime)"
done
count=$(printf '%s\n' "$seen" | grep -c . || true)
[ "$count" -eq "$total" ] ||
  fail "$inbox holds $count files, but $total were uploaded: remove the extra ones ($(cd "$inbox" && ls -A | tr '\n' ' '))"
pass "all $total inbox files are named by their type"
