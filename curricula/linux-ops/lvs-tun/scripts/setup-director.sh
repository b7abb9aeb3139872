set -eu
ipvsadm -C
