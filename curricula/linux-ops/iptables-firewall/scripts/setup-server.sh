set -eu
# server runs three services: a web site on 80 (for everyone), an internal app on 8080
# (for nobody outside), and an SSH-like admin port on 2222 (for admin only). They are
# plain socat listeners and nginx, started by /usr/local/sbin/lab-services, which the
# learner can run again if one of them is stopped.
echo '<h1>server: public web site</h1>' > /var/www/html/index.html
rm -f /var/www/html/index.nginx-debian.html
cat > /usr/local/sbin/lab-services <<'SH'
#!/bin/sh
# (Re)start the lab's services on server, those that are not running: nginx on port 80,
# the internal app on 8080, the SSH-like admin service on 2222.
pgrep -x nginx >/dev/null || nginx
pgrep -f 'TCP-LISTEN:8080' >/dev/null ||
  setsid -f socat TCP-LISTEN:8080,fork,reuseaddr SYSTEM:'echo internal-app: do not expose me' </dev/null >/dev/null 2>&1
pgrep -f 'TCP-LISTEN:2222' >/dev/null ||
  setsid -f socat TCP-LISTEN:2222,fork,reuseaddr SYSTEM:'echo SSH-2.0-OpenSSH_9.2p1 lab-admin-port' </dev/null >/dev/null 2>&1
sleep 0.3
ss -ltn | awk 'NR == 1 || /:(80|8080|2222) /'
SH
chmod 755 /usr/local/sbin/lab-services
/usr/local/sbin/lab-services
