set -eu
plan_addr
file=/root/refused.pcap
pcap_load "$file"
[ -n "$pcap" ] || fail "$file holds no TCP packets: was the capture running on client's eth0 while you connected to port 8080, did its filter let that port through, and did it run a second longer? (the kernel hands tcpdump packets in batches: stopped at once, it loses the last one; tcpdump -c 2 stops by itself)"
syn=0 listens=''
while read -r src dst fl seq ack; do
  [ "$fl" = "[S]" ] || continue
  case "$src" in "$CLIENT_IP".*) ;; *) continue ;; esac
  server_ep "$dst" || continue
  syn=1
  want=$(plus1 "$seq")
  if printf '%s\n' "$pcap" | awk -v s="$dst" -v d="$src" -v a="$want" '$1 == s && $2 == d && $3 ~ /^\[R/ && ($5 == a || $5 == "-") { ok = 1 } END { exit !ok }'; then
    pass "$file: SYN $src > $dst, answered by RST from server (connection refused: nothing listens on port ${dst##*.})"
  fi
  if printf '%s\n' "$pcap" | awk -v s="$dst" -v d="$src" -v a="$want" '$1 == s && $2 == d && $3 == "[S.]" && $5 == a { ok = 1 } END { exit !ok }'; then
    listens=${dst##*.}
  fi
done <<EOF_PKTS
$pcap
EOF_PKTS
[ "$syn" = 1 ] || fail "$file has no SYN from client $CLIENT_IP to server ($SERVER_IP or $second): capture while you connect to $SERVER_IP port 8080 (nc -zv $SERVER_IP 8080)"
[ -z "$listens" ] || fail "$file shows a SYN-ACK from server port $listens: something listens there, so the connection was accepted, not refused. Connect to port 8080, where nothing listens"
fail "$file has client's SYN to server, but no RST answering it: stop the capture after nc or curl says 'Connection refused', not before"
