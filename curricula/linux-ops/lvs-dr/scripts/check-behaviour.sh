set -eu
N=6
# 1. Who answers ARP for the VIP? Only the director (lvs_expect_arp_director, lib/lvs.sh).
ip neigh del "$VIP" dev eth0 2>/dev/null || true
[ -n "$(arp_macs "$VIP")" ] ||
  fail_t vip-no-arp vip="$VIP"
lvs_expect_arp_director

# 2. New connections, counted by answer (vip_requests, lib/lvs.sh).
# A timeout is explained by request-timeout (messages.yaml).
vip_requests $N request-timeout
rs1=$(vip_count rs1) rs2=$(vip_count rs2)
# 3. After the replies, the client must still have the VIP at the director's MAC.
lvs_expect_entry_director
vip_expect_even
pass_t behaviour-ok director_mac="$director_mac" vip="$VIP" rs1="$rs1" rs2="$rs2" n="$N"
