set -eu
# A fresh Linux does not forward; a container inherits its engine's setting. Turning it on is
# part of the exercise.
sysctl -w net.ipv4.ip_forward=0
ipvsadm -C
