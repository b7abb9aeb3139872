set -eu
# No IPVS rules and no keepalived yet: the learner's keepalived writes both.
ipvsadm -C
mkdir -p /etc/keepalived
