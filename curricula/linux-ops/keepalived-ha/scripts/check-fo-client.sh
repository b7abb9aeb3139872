set -eu
# Task "failover", 4th check, on client: before sending anything, its ARP entry for the VIP
# already names lb2 (gratuitous ARP from lb2's keepalived updated it); then the service answers.
lb2_mac=$(lan_mac "$LB2_IP")
entry=$(neigh_mac "$VIP")
[ -n "$entry" ] || fail_t fo-client-no-entry vip="$VIP"
[ "$entry" = "$lb2_mac" ] ||
  fail_t fo-client-no-garp vip="$VIP" entry="$entry" lb2_mac="$lb2_mac"
rs1=0 rs2=0 i=0
while [ "$i" -lt 4 ]; do
  i=$((i + 1))
  body=$(http_get "http://$VIP/" --connect-timeout 4 2>/dev/null) ||
    fail_t fo-client-request-failed i="$i" vip="$VIP"
  case "$body" in rs1) rs1=$((rs1 + 1)) ;; rs2) rs2=$((rs2 + 1)) ;; esac
done
[ "$rs1" -gt 0 ] && [ "$rs2" -gt 0 ] || fail_t fo-client-not-alternating rs1="$rs1" rs2="$rs2"
pass_t fo-client-ok vip="$VIP" lb2_mac="$lb2_mac" rs1="$rs1" rs2="$rs2"
