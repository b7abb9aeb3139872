set -eu
# On nfs: /etc/exports says the same as the Ganesha exports, in kernel nfsd's syntax, as
# exportfs itself parsed it. There is no kernel nfsd in a lab, so exportfs -ra cannot hand
# the table to a kernel; it still parses the file, resolves every option and writes the
# table it would hand over to /var/lib/nfs/etab, which exportfs -s prints.
[ -s /etc/exports ] && grep -Eq '^[[:space:]]*/' /etc/exports || fail "/etc/exports has no export line yet"
[ -e /var/lib/nfs/etab ] && [ ! /etc/exports -nt /var/lib/nfs/etab ] ||
  fail "/etc/exports changed after the last exportfs -ra: the table is re-read only by exportfs -ra"
table=$(exportfs -s 2>&1) || fail "exportfs -s failed: $(printf '%s\n' "$table" | head -n 1)"
[ -n "$table" ] || fail "exportfs -s shows nothing: exportfs -ra refused /etc/exports (run it and read its messages)"

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
    '*' | '<world>' | '') fail "exportfs -s shows $path exported to the world ($spec): a space between a client and its '(options)' makes the options apply to everyone" ;;
  esac
  who=$(client_is "$client")
  has no_root_squash "$opts" && fail "$path is exported to $client with no_root_squash: root on that client would be root on the share"
  case "$path" in
    /srv/share)
      [ "$who" != other ] || fail "/srv/share is exported to $client, which is not on the LAN ($LAN_SUBNET) nor web1 or web2"
      has all_squash "$opts" && fail "/srv/share is exported to $client with all_squash: deploy's files would lose their owner"
      if [ "$who" = web1 ]; then has rw "$opts" && share_web1=rw || share_web1=ro; fi
      if [ "$who" = web2 ] || { [ "$who" = lan ] && [ -z "$share_web2" ]; }; then has rw "$opts" && share_web2=rw || share_web2=ro; fi
      ;;
    /srv/drop)
      drop_seen=1
      [ "$who" != other ] || fail "/srv/drop is exported to $client, which is not on the LAN ($LAN_SUBNET)"
      { has rw "$opts" && has all_squash "$opts" && has anonuid=33 "$opts" && has anongid=33 "$opts"; } ||
        fail "/srv/drop for $client must be rw,all_squash,anonuid=33,anongid=33; exportfs resolved it to ($opts)"
      [ "$who" = lan ] && drop_ok=1
      ;;
    *) fail "exportfs -s shows $path: only /srv/share and /srv/drop are asked for" ;;
  esac
done <<TABLE
$(printf '%s\n' "$table" | awk 'NF >= 2')
TABLE

case "$share_web1" in
  rw) ;;
  "") fail "/etc/exports gives web1 no rw entry of its own for /srv/share: add $WEB1_IP(rw,...) on the /srv/share line" ;;
  *) fail "web1's entry for /srv/share is read-only: it must be rw" ;;
esac
[ "$share_web2" = ro ] || fail "/srv/share must be read-only for web2 (the LAN entry, or web2's own): exportfs resolved it to ${share_web2:-nothing}"
[ -n "$drop_seen" ] || fail "/etc/exports has no /srv/drop line"
[ -n "$drop_ok" ] || fail "/srv/drop must be exported to the whole LAN, $LAN_SUBNET"
pass "exportfs parsed /etc/exports: /srv/share rw for web1 and ro for the LAN, /srv/drop all-squashed to 33:33 for the LAN, root squashed everywhere"
