set -eu
plan_addr
file=/root/handshake.pcap
pcap_load "$file"
[ -n "$pcap" ] || fail_t handshake-no-tcp file="$file"
syns=$(printf '%s\n' "$pcap" | awk -v c="$CLIENT_IP." '$3 == "[S]" && index($1, c) == 1')
[ -n "$syns" ] || fail_t handshake-no-syn file="$file" client_ip="$CLIENT_IP"
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
    pass_t handshake-ok file="$file" src="$src" dst="$dst" seq="$seq" synack_ack="$(plus1 "$seq")" want="$want"
  fi
done <<EOF_SYNS
$syns
EOF_SYNS
[ "$to80" = 1 ] || fail_t handshake-no-syn-to-80 file="$file" server_ip="$SERVER_IP" second="$second"
[ "$answered" = 1 ] || fail_t handshake-no-syn-ack file="$file" server_ip="$SERVER_IP"
fail_t handshake-no-ack file="$file"
