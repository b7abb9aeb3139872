set -eu
# Write the settings where a boot finds them, then apply that file now.
cat > /etc/sysctl.d/60-node.conf <<'CONF'
# this node routes packets between its networks
net.ipv4.ip_forward = 1
# a longer queue of accepted connections waiting for the application
net.core.somaxconn = 8192
CONF
sysctl -p /etc/sysctl.d/60-node.conf
