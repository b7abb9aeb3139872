set -eu
mkdir -p /etc/iptables
iptables-save > /etc/iptables/rules.v4
iptables-restore --test < /etc/iptables/rules.v4
