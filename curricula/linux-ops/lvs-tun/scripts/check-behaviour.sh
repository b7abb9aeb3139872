set -eu
N=4
# Only the director answers ARP for the VIP (lvs_expect_arp_director, lib/lvs.sh); when nobody
# does, vip_requests says so.
lvs_expect_arp_director
# New connections, counted by answer (vip_requests, lib/lvs.sh).
# A timeout is explained by request-timeout (messages.yaml).
vip_requests $N request-timeout
rs1=$(vip_count rs1) rs2=$(vip_count rs2)
# The client still has the VIP at the director's MAC after the replies.
lvs_expect_entry_director
vip_expect_even
pass_t behaviour-ok rs1="$rs1" rs2="$rs2" n="$N" director_mac="$director_mac"
