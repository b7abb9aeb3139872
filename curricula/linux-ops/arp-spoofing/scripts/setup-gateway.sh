set -eu
# The real gateway. Its MAC is fixed and derived from its address (02:42 + the four octets of
# $GATEWAY_IP in hex), so every script of this exercise can compute it; unique per lab.
mac=$(printf '02:42:%02x:%02x:%02x:%02x' $(printf '%s' "$GATEWAY_IP" | tr . ' '))
ip link set dev eth0 address "$mac"
mkdir -p /var/www/gateway
cat > /var/www/gateway/index.html <<PAGE
<!doctype html>
<title>gateway</title>
<h1>Gateway status</h1>
<p>This is the real gateway ($GATEWAY_IP). All links up.</p>
PAGE
web_site gateway /var/www/gateway
