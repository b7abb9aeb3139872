set -eu
# sh hashes the source address to one of 256 buckets, each owned by a real server: one source
# always reaches the same server, and different sources spread over the servers. client has
# its own address and ten more ($CLIENT2 and the nine after it, added by the lab).
base=${CLIENT2%.*}
last=${CLIENT2##*.}
srcs=$CLIENT_IP
i=0
while [ "$i" -lt 10 ]; do
  a="$base.$((last + i))"
  has_addr "$a" && srcs="$srcs $a"
  i=$((i + 1))
done
set -- $srcs
[ "$#" -ge 4 ] || broken "client has only $# of its source addresses ($srcs); the lab adds $CLIENT2 and the nine after it"
nsrc=$#
R=3
servers=''
for src in $srcs; do
  asks $R 81 "$src"
  n=$(printf '%s\n' $seq | sort -u | wc -l)
  [ "$n" -eq 1 ] ||
    fail "$R new connections from one source address, $src, to $VIP:81 reached $seq: the source does not decide, so the scheduler is not sh (rr, wrr, lc and wlc spread one client's connections)"
  servers="$servers${servers:+ }${seq%% *}"
  ask_refused="other source addresses did get answers, so the service is there. Under sh this address hashes to a server of weight 0 (quiescent), and sh refuses the connection instead of moving it (unless --sched-flags sh-fallback): give every server a weight above 0"
done
t=$(lvs_tally $servers)
got="$nsrc source addresses of client, $R new connections each to $VIP:81: every source always reached the same server; per source: $t"
n=$(printf '%s\n' $servers | sort -u | wc -l)
[ "$n" -gt 1 ] ||
  fail "$got: all $nsrc sources on one server. sh spreads source addresses over every server with a weight above 0: are the others at weight 0 or missing?"
pass "$got"
