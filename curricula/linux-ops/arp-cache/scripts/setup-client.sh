set -eu
# A plausible-looking but wrong static entry: client can no longer reach other.
ip neigh replace "$OTHER_IP" lladdr 02:42:de:ad:be:ef dev eth0 nud permanent
# Something to read in the cache: a normal, learnt entry for server.
ping -c 1 -W 2 "$SERVER_IP" >/dev/null 2>&1 </dev/null || true
