set -eu
# capture FILE COUNT FILTER COMMAND...: tcpdump in the background, stopping by itself after COUNT
# packets (-c), while COMMAND makes the connection.
capture() {
  file=$1 count=$2 filter=$3
  shift 3
  rm -f /tmp/tcpdump.log
  timeout 10 tcpdump -ni eth0 -c "$count" -w "$file" "$filter" 2>/tmp/tcpdump.log &
  pid=$!
  until grep -q listening /tmp/tcpdump.log 2>/dev/null; do sleep 0.1; done
  "$@" || true
  wait "$pid" || true
}
# SYN, SYN-ACK, ACK: the first three packets of any TCP connection.
capture /root/handshake.pcap 3 'tcp port 80' curl -s -o /dev/null "http://$SERVER_IP/"
# SYN, RST: nothing listens on 8080.
capture /root/refused.pcap 2 'tcp port 8080' nc -zv -w 2 "$SERVER_IP" 8080
tcpdump -nn -S -r /root/handshake.pcap
tcpdump -nn -S -r /root/refused.pcap
