set -eu
# rr -p: the first connection of a client picks a server by rr and leaves a template; every
# later new connection from that client (within the timeout) goes to the same server, where
# rr alone would rotate. Two clients: client's own address, then $CLIENT2.
has_addr "$CLIENT2" || broken "client lost its second address $CLIENT2 (the lab adds it)"
N=6
asks $N 82
n=$(printf '%s\n' $seq | sort -u | wc -l)
[ "$n" -eq 1 ] ||
  fail "$N new connections from $CLIENT_IP to $VIP:82 reached $seq ($(lvs_tally $seq)): the client is sent round the servers, as rr does without persistence. Add -p: ipvsadm -E -t $VIP:82 -s rr -p 600"
one=${seq%% *}
asks 4 82 "$CLIENT2"
seq2=$seq
n=$(printf '%s\n' $seq2 | sort -u | wc -l)
[ "$n" -eq 1 ] ||
  fail "$CLIENT_IP stuck to $one, but 4 new connections from $CLIENT2 reached $seq2: persistence must hold for every client (the default -M 255.255.255.255 gives each address its own template)"
pass "$N new connections from $CLIENT_IP all reached $one, and 4 from $CLIENT2 all reached ${seq2%% *}: each client sticks to its server"
