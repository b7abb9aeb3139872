set -eu
# A small back end on web1 and web2: nginx serving a page that names this host, /health for
# health checks, and a maintenance switch: while /run/backend-sick exists, every request
# (/health included) gets 503, although the port still accepts connections.
mkdir -p /var/www/backend
cat > /var/www/backend/index.html <<PAGE
<!doctype html>
<title>$OPSLAB_HOST</title>
<h1>Hello from $OPSLAB_HOST</h1>
PAGE
rm -f /run/backend-sick
web_site backend /var/www/backend '
    # Maintenance switch: touch /run/backend-sick to make this server sick (503 for
    # everything, /health too); rm it to make it healthy again.
    if (-f /run/backend-sick) {
        return 503 "$hostname is sick: /run/backend-sick exists\n";
    }

    location = /health {
        default_type text/plain;
        return 200 "ok\n";
    }'
