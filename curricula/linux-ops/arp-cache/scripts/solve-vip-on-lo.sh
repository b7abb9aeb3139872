set -eu
ip addr add "$VIP/32" dev lo
ip addr show dev lo
