set -eu
# On director: the connection table must show the persistence template of client's address
# (state NONE, source port 0) for VIP:82, and client's connections must follow it. The
# previous check of this task has just made such connections.
svc="$VIP:82"
ipvsadm -Ln -t "$svc" >/dev/null 2>&1 || fail_t persist-no-service svc="$svc"
tab=$(ipvsadm -Lnc 2>&1) || broken "ipvsadm -Lnc failed: $tab"
# "pro expire state source virtual destination"
tpl=$(printf '%s\n' "$tab" | awk -v c="$CLIENT_IP:0" -v v="$svc" '$1 == "TCP" && $4 == c && $5 == v { print $2, $3, $6; exit }')
[ -n "$tpl" ] ||
  fail_t persist-no-template client_ip="$CLIENT_IP" svc="$svc"
set -- $tpl
expire=$1 dest=$3
conns=$(printf '%s\n' "$tab" | awk -v c="$CLIENT_IP" -v v="$svc" '$1 == "TCP" && $5 == v { split($4, a, ":"); if (a[1] == c && a[2] != "0") print $6 }')
n=$(printf '%s\n' $conns | awk 'NF' | wc -l)
same=$(printf '%s\n' $conns | awk -v d="$dest" '$1 == d' | wc -l)
[ "$n" -eq 0 ] || [ "$same" -gt 0 ] ||
  fail_t persist-template-unused client_ip="$CLIENT_IP" dest="$dest" n="$n"
pass_t persist-template-ok client_ip="$CLIENT_IP" svc="$svc" dest="$dest" expire="$expire" same="$same" n="$n"
