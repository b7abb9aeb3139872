set -eu
# The /24 split in four /26: .0-.63, .64-.127, .128-.191, .192-.255. In the third, .128 is the
# network address and .191 the broadcast, so the last usable address is .190.
base=${RIGHT_SUBNET%.*}
ip addr add "$base.190/26" dev eth0
ip -br addr show dev eth0
