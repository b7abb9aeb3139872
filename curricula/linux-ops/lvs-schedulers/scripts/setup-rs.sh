set -eu
# Each real server answers its own name, two ways:
#  - nginx on port 80, one short HTTP answer ("rs1"; rs_web, lib/web.sh);
#  - hold on port 9000: writes its name at once and keeps the connection open until the
#    client closes it, like a database session or a websocket. lc and wlc need connections
#    that stay open, or there is nothing to count.
rs_web

cat > /usr/local/bin/hold <<'PY'
#!/usr/bin/python3
# hold: listens on TCP port 9000 (or $1), says this host's name on every new connection and
# keeps it open until the client closes its side. Set up by the lvs-schedulers lab.
import os, selectors, socket, sys

port = int(sys.argv[1]) if len(sys.argv) > 1 else 9000
name = (os.environ.get("OPSLAB_HOST") or socket.gethostname()).encode() + b"\n"
sel = selectors.DefaultSelector()
lsock = socket.socket()
lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
lsock.bind(("", port))
lsock.listen(256)
lsock.setblocking(False)
sel.register(lsock, selectors.EVENT_READ)
while True:
    for key, _ in sel.select():
        sock = key.fileobj
        if sock is lsock:
            try:
                conn, _ = lsock.accept()
            except OSError:
                continue
            conn.setblocking(False)
            try:
                conn.send(name)
            except OSError:
                conn.close()
                continue
            sel.register(conn, selectors.EVENT_READ)
            continue
        try:
            data = sock.recv(4096)
        except OSError:
            data = b""
        if not data:
            sel.unregister(sock)
            sock.close()
PY
chmod 755 /usr/local/bin/hold
setsid -f /usr/local/bin/hold 9000 </dev/null >/var/log/hold.log 2>&1
wait_for -t 10 sh -c 'ss -ltn | grep -q ":9000 "' || { echo "hold did not start"; cat /var/log/hold.log; exit 1; }

# NAT plumbing (lvs-nat teaches it): replies go back through the director's DIP.
ip route replace default via "$DIRECTOR_PRIVATE_IP"
# A real server is not a router (a container inherits its engine's ip_forward=1).
sysctl -w net.ipv4.ip_forward=0
