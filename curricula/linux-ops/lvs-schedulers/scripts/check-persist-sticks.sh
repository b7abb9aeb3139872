set -eu
# rr -p: the first connection of a client picks a server by rr and leaves a template; every
# later new connection from that client (within the timeout) goes to the same server, where
# rr alone would rotate. Two clients: client's own address, then $CLIENT2.
has_addr "$CLIENT2" || broken "client lost its second address $CLIENT2 (the lab adds it)"
N=6
asks $N 82
n=$(printf '%s\n' $seq | sort -u | wc -l)
[ "$n" -eq 1 ] ||
  fail_t persist-not-sticky n="$N" client_ip="$CLIENT_IP" vip="$VIP" seq="$seq" tally="$(lvs_tally $seq)"
one=${seq%% *}
asks 4 82 "$CLIENT2"
seq2=$seq
n=$(printf '%s\n' $seq2 | sort -u | wc -l)
[ "$n" -eq 1 ] ||
  fail_t persist-second-client client_ip="$CLIENT_IP" one="$one" client2="$CLIENT2" seq2="$seq2"
pass_t persist-sticks-ok n="$N" client_ip="$CLIENT_IP" one="$one" client2="$CLIENT2" server2="${seq2%% *}"
