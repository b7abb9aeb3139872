set -eu
# client: the administrator's machine, and the checks' attacker. Nothing runs; root has no key
# pair yet. The checks log in from extra addresses of the LAN (see lib.sh), which they add to
# this host's interface and remove again.
install -d -m 700 /root/.ssh
install -d -m 700 /var/lib/opslab-check
