set -eu
# On nfs: /etc/exports says the same as the Ganesha exports, in kernel nfsd's syntax, as
# exportfs itself parsed it. There is no kernel nfsd in a lab, so exportfs -ra cannot hand
# the table to a kernel; it still parses the file, resolves every option and writes the
# table it would hand over to /var/lib/nfs/etab, which exportfs -s prints.
[ -s /etc/exports ] && grep -Eq '^[[:space:]]*/' /etc/exports || fail_t exports-empty
[ -e /var/lib/nfs/etab ] && [ ! /etc/exports -nt /var/lib/nfs/etab ] ||
  fail_t exports-not-reloaded
table=$(exportfs -s 2>&1) || fail_t exportfs-fails error="$(printf '%s\n' "$table" | head -n 1)"
[ -n "$table" ] || fail_t exportfs-nothing

# The LAN as exportfs may print it: a.b.c.d/24 or a.b.c.d/255.255.255.0.
bits=$LAN_PREFIX mask='' i=0
while [ "$i" -lt 4 ]; do
  n=$(( bits >= 8 ? 8 : (bits > 0 ? bits : 0) )); bits=$(( bits - n ))
  mask="$mask${mask:+.}$(( 256 - (1 << (8 - n)) ))"; i=$(( i + 1 ))
done
lan_net=${LAN_SUBNET%/*}
# client_is CLIENT: lan, web1, web2 or other.
client_is() {
  case "$1" in
    "$LAN_SUBNET" | "$lan_net/$mask") echo lan ;;
    "$WEB1_IP" | web1 | web1.*) echo web1 ;;
    "$WEB2_IP" | web2 | web2.*) echo web2 ;;
    *) echo other ;;
  esac
}
has() { case ",$2," in *",$1,"*) return 0 ;; esac; return 1; }

share_web1='' share_web2='' drop_ok='' drop_seen=''
while read -r path spec; do
  [ -n "$path" ] || continue
  client=${spec%%(*} opts=${spec#*(}; opts=${opts%)}
  case "$client" in
    '*' | '<world>' | '') fail_t exported-to-world path="$path" spec="$spec" ;;
  esac
  who=$(client_is "$client")
  has no_root_squash "$opts" && fail_t no-root-squash path="$path" client="$client"
  case "$path" in
    /srv/share)
      [ "$who" != other ] || fail_t share-client-outside client="$client" lan_subnet="$LAN_SUBNET"
      has all_squash "$opts" && fail_t share-all-squash client="$client"
      if [ "$who" = web1 ]; then has rw "$opts" && share_web1=rw || share_web1=ro; fi
      if [ "$who" = web2 ] || { [ "$who" = lan ] && [ -z "$share_web2" ]; }; then has rw "$opts" && share_web2=rw || share_web2=ro; fi
      ;;
    /srv/drop)
      drop_seen=1
      [ "$who" != other ] || fail_t drop-client-outside client="$client" lan_subnet="$LAN_SUBNET"
      { has rw "$opts" && has all_squash "$opts" && has anonuid=33 "$opts" && has anongid=33 "$opts"; } ||
        fail_t drop-options-wrong client="$client" opts="$opts"
      [ "$who" = lan ] && drop_ok=1
      ;;
    *) fail_t exported-extra path="$path" ;;
  esac
done <<TABLE
$(printf '%s\n' "$table" | awk 'NF >= 2')
TABLE

case "$share_web1" in
  rw) ;;
  "") fail_t web1-no-rw-entry web1_ip="$WEB1_IP" ;;
  *) fail_t web1-read-only ;;
esac
case "$share_web2" in
  ro) ;;
  "") fail_t web2-share-nothing ;;
  *) fail_t web2-share-not-ro share_web2="$share_web2" ;;
esac
[ -n "$drop_seen" ] || fail_t exports-no-drop
[ -n "$drop_ok" ] || fail_t drop-not-lan lan_subnet="$LAN_SUBNET"
pass_t exports-ok
