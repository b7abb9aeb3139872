set -eu
# No IPVS rules from anywhere else.
ipvsadm -C
