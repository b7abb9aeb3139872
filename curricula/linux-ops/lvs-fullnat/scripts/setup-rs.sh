set -eu
# Each real server answers one line: its name and the source address it sees, so the client
# (and the learner) can tell who answered and whether the director rewrote the source.
cat > /etc/nginx/sites-available/rs <<'CONF'
# Real server of the lvs-fullnat lab (set up by the lab; no need to change it).
server {
    listen 80 default_server;
    access_log /var/log/nginx/rs-access.log;
    default_type text/plain;
    location / {
        return 200 "$hostname $remote_addr\n";
    }
}
CONF
rm -f /etc/nginx/sites-enabled/default
ln -sf ../sites-available/rs /etc/nginx/sites-enabled/rs
: > /var/log/nginx/rs-access.log
nginx -t 2>&1
nginx
# The site's router is this server's gateway, as for every other server on this subnet; in
# this lab it must stay so. A real server is not a router.
ip route replace default via "$ROUTER_PRIVATE_IP"
sysctl -w net.ipv4.ip_forward=0
