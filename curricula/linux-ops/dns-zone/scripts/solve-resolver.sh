set -eu
# /etc/resolv.conf is a bind mount in the lab: overwrite it in place (> keeps the same file).
printf 'search lab.test\nnameserver %s\noptions timeout:1 attempts:2\n' "$NS_IP" > /etc/resolv.conf
getent ahostsv4 www.lab.test
