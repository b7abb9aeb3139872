set -eu
arp -an
ip neigh del "$OTHER_IP" dev eth0
ping -c 1 -W 2 "$OTHER_IP" </dev/null
ip neigh show to "$OTHER_IP"
