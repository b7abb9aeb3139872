set -eu
# A freshly installed Linux does not forward (ip_forward=0). A container inherits its engine's 1:
# put it back to what a new router has, so the learner turns it on.
sysctl -w net.ipv4.ip_forward=0 >/dev/null
