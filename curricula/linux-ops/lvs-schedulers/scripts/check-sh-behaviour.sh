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
    fail_t sh-source-spread r="$R" src="$src" vip="$VIP" seq="$seq"
  servers="$servers${servers:+ }${seq%% *}"
  # From now on a refused connection means a quiescent server (ask, lib.sh).
  # message keys: sh-refused-quiescent sh-refused-quiescent-from
  ask_refused=sh-refused-quiescent
done
t=$(lvs_tally $servers)
n=$(printf '%s\n' $servers | sort -u | wc -l)
[ "$n" -gt 1 ] ||
  fail_t sh-all-one nsrc="$nsrc" r="$R" vip="$VIP" tally="$t"
pass_t sh-ok nsrc="$nsrc" r="$R" vip="$VIP" tally="$t"
