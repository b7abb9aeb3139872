set -eu
plan_addr
file=/root/refused.pcap
pcap_load "$file"
[ -n "$pcap" ] || fail_t refused-no-tcp file="$file"
syn=0 listens=''
while read -r src dst fl seq ack; do
  [ "$fl" = "[S]" ] || continue
  case "$src" in "$CLIENT_IP".*) ;; *) continue ;; esac
  server_ep "$dst" || continue
  syn=1
  want=$(plus1 "$seq")
  if printf '%s\n' "$pcap" | awk -v s="$dst" -v d="$src" -v a="$want" '$1 == s && $2 == d && $3 ~ /^\[R/ && ($5 == a || $5 == "-") { ok = 1 } END { exit !ok }'; then
    pass_t refused-ok file="$file" src="$src" dst="$dst" port="${dst##*.}"
  fi
  if printf '%s\n' "$pcap" | awk -v s="$dst" -v d="$src" -v a="$want" '$1 == s && $2 == d && $3 == "[S.]" && $5 == a { ok = 1 } END { exit !ok }'; then
    listens=${dst##*.}
  fi
done <<EOF_PKTS
$pcap
EOF_PKTS
[ "$syn" = 1 ] || fail_t refused-no-syn file="$file" client_ip="$CLIENT_IP" server_ip="$SERVER_IP" second="$second"
[ -z "$listens" ] || fail_t refused-accepted file="$file" listens="$listens"
fail_t refused-no-rst file="$file"
