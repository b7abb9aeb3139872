set -eu
# A freshly installed Linux does not forward (ip_forward=0). A container inherits its engine's
# setting instead (Docker turns forwarding on), so put the director back to a real host's
# default: turning it on is part of the exercise.
sysctl -w net.ipv4.ip_forward=0
# No IPVS rules from anywhere else.
ipvsadm -C
