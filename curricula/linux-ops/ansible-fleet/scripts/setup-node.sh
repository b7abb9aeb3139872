set -eu
# A managed node: sshd with this lab's own host keys, and control's public key allowed to
# log in as root.
#
# LAB-ONLY KEY. The matching private key is embedded in setup-control.sh and is public (it
# is in the course's git repository). It opens nothing but the hosts of one lab, whose
# networks are internal (no route in or out). Never use it, or this way of handing out keys,
# anywhere else: a real control node makes its own key (ssh-keygen) and copies only the
# public half to each node (ssh-copy-id, or your provisioning system).
pubkey='ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJJw+uxOQwm7ozCyK4e5rK0QMvo6mqpn5UbzFdFY4luU opslab-lab-only@control'

ssh-keygen -A </dev/null >/dev/null        # host keys: the image ships none, so every lab host has its own
install -d -m 700 /root/.ssh
printf '%s\n' "$pubkey" > /root/.ssh/authorized_keys
chmod 600 /root/.ssh/authorized_keys
install -d -m 755 /run/sshd
/usr/sbin/sshd -E /var/log/sshd.log </dev/null  # daemonizes; -E: its log, since a lab has no syslog
wait_for -t 10 sh -c 'ss -Htln "sport = :22" | grep -q .' || broken "sshd does not listen on port 22"
