set -eu
# Nothing to change after task 1: both directors run keepalived with the same VRRP group,
# lb1 with the higher priority. A drill by hand would be: on lb1, stop keepalived
# (kill the main process); on lb2, ip -br addr shows the VIP; on client, ip neigh show the VIP
# names lb2's MAC; on lb1, start keepalived again and it takes the VIP back.
grep -n -E 'state|priority|virtual_router_id|unicast_peer' /etc/keepalived/keepalived.conf
ip -br addr show dev eth0
