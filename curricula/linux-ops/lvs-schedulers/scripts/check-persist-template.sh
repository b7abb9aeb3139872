set -eu
# On director: the connection table must show the persistence template of client's address
# (state NONE, source port 0) for VIP:82, and client's connections must follow it. The
# previous check of this task has just made such connections.
svc="$VIP:82"
ipvsadm -Ln -t "$svc" >/dev/null 2>&1 || fail "no virtual service on TCP $svc: ipvsadm -A -t $svc -s rr -p 600"
tab=$(ipvsadm -Lnc 2>&1) || broken "ipvsadm -Lnc failed: $tab"
# "pro expire state source virtual destination"
tpl=$(printf '%s\n' "$tab" | awk -v c="$CLIENT_IP:0" -v v="$svc" '$1 == "TCP" && $4 == c && $5 == v { print $2, $3, $6; exit }')
[ -n "$tpl" ] ||
  fail "ipvsadm -Lnc shows no persistence template for client $CLIENT_IP on $svc (a line with source port 0 and state NONE): the service does not persist (-p), or client has not connected in the last minutes (curl from client first)"
set -- $tpl
expire=$1 dest=$3
conns=$(printf '%s\n' "$tab" | awk -v c="$CLIENT_IP" -v v="$svc" '$1 == "TCP" && $5 == v { split($4, a, ":"); if (a[1] == c && a[2] != "0") print $6 }')
n=$(printf '%s\n' $conns | awk 'NF' | wc -l)
same=$(printf '%s\n' $conns | awk -v d="$dest" '$1 == d' | wc -l)
[ "$n" -eq 0 ] || [ "$same" -gt 0 ] ||
  fail "the template sends $CLIENT_IP to $dest, but none of the $n recent connections of $CLIENT_IP in ipvsadm -Lnc went there: were they all made before the service became persistent? Connect from client again"
pass "template $CLIENT_IP:0 -> $svc -> $dest (expires in $expire; the timeout is 600 s), and $same of the $n recent connections of $CLIENT_IP in the table went to $dest"
