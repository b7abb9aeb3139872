set -eu
plan_addr
file=/root/handshake.pcap
pcap_load "$file"
[ -n "$pcap" ] || fail "$file holds no TCP packets: was the capture running on client's eth0 while you connected, did its filter let port 80 through, and did it run a second longer? (the kernel hands tcpdump packets in batches: stopped at once, it loses the last one; tcpdump -c 3 stops by itself)"
syns=$(printf '%s\n' "$pcap" | awk -v c="$CLIENT_IP." '$3 == "[S]" && index($1, c) == 1')
[ -n "$syns" ] || fail "$file has TCP packets but no SYN from client $CLIENT_IP: start the capture before the connection, so it sees the first packet"
# The first SYN to server port 80 whose SYN-ACK (ack = SYN's seq + 1) and ACK (ack = SYN-ACK's
# seq + 1) are in the file: one complete handshake.
to80=0 answered=0
while read -r src dst fl seq ack; do
  server_ep "$dst" || continue
  [ "${dst##*.}" = 80 ] || continue
  to80=1
  want=$(plus1 "$seq")
  sa=$(printf '%s\n' "$pcap" | awk -v s="$dst" -v d="$src" -v a="$want" '$1 == s && $2 == d && $3 == "[S.]" && $5 == a { print $4; exit }')
  [ -n "$sa" ] || continue
  answered=1
  want=$(plus1 "$sa")
  if printf '%s\n' "$pcap" | awk -v s="$src" -v d="$dst" -v a="$want" '$1 == s && $2 == d && $3 !~ /[SRF]/ && $5 == a { ok = 1 } END { exit !ok }'; then
    pass "$file: SYN $src > $dst (seq $seq), SYN-ACK (ack $(plus1 "$seq")), ACK (ack $want): a complete three-way handshake"
  fi
done <<EOF_SYNS
$syns
EOF_SYNS
[ "$to80" = 1 ] || fail "$file has SYNs from client, but none to server ($SERVER_IP or $second) port 80: capture a connection to http://$SERVER_IP/"
[ "$answered" = 1 ] || fail "$file has client's SYN to server port 80, but no SYN-ACK answering it (ack = the SYN's seq + 1): did server answer (curl http://$SERVER_IP/), and did the capture run until it did?"
fail "$file has SYN and SYN-ACK, but not client's ACK that completes the handshake (ack = the SYN-ACK's seq + 1): stop the capture after the connection, not in the middle of it"
