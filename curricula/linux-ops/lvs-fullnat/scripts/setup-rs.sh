set -eu
# Each real server answers one line: its name and the source address it sees, so the client
# (and the learner) can tell who answered and whether the director rewrote the source.
web_site rs '' '    access_log /var/log/nginx/rs-access.log;
    default_type text/plain;
    location / {
        return 200 "$hostname $remote_addr\n";
    }'
# check-rs.sh reads the last request of this log: none yet.
: > /var/log/nginx/rs-access.log
# The site's router is this server's gateway, as for every other server on this subnet; in
# this lab it must stay so. A real server is not a router.
ip route replace default via "$ROUTER_PRIVATE_IP"
sysctl -w net.ipv4.ip_forward=0
