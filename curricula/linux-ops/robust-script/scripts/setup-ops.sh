set -eu
# Something to probe while trying the script by hand; the checks build their own lists.
#   127.0.0.1:80    nginx: up
#   127.0.0.1:81    nothing listens: refused at once (down)
#   127.0.0.1:9990 to 9999: SYNs dropped by a firewall rule: no answer until the timeout (down)
ensure_targets
mkdir -p /etc/opslab /run/lock
cat > "/etc/opslab/web servers.txt" <<'LIST'
# web tier
127.0.0.1:80
localhost:80

127.0.0.1:81      # retired, nothing listens
LIST
cat > /etc/opslab/targets.txt <<'LIST'
127.0.0.1:80
127.0.0.1:9990    # behind a firewall that drops SYNs
LIST
rm -f /usr/local/bin/probe-hosts
