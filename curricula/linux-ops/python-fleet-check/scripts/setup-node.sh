set -eu
# A fleet member: sshd with this lab's own host keys, control's public key allowed to log in as
# root, and nginx running (the service the fleet check watches).
#
# LAB-ONLY KEY. The matching private key is embedded in setup-control.sh and is public (it is in
# the course's git repository). It opens nothing but the hosts of one lab, whose networks are
# internal. Never use it, or this way of handing out keys, anywhere else: a real control node
# makes its own key (ssh-keygen) and copies only the public half (ssh-copy-id).
pubkey='ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJNTnlys7mQWAoofLGCpIIeX1Rllry+EY7V9ZKPM6Ti0 opslab-lab-only@control'

# one host key of this lab's own (ed25519 only: RSA keys take seconds to make on 0.5 CPU)
ssh-keygen -q -t ed25519 -N '' -f /etc/ssh/ssh_host_ed25519_key </dev/null
install -d -m 700 /root/.ssh
printf '%s\n' "$pubkey" > /root/.ssh/authorized_keys
chmod 600 /root/.ssh/authorized_keys
install -d -m 755 /run/sshd
/usr/sbin/sshd -E /var/log/sshd.log </dev/null
service nginx start >/dev/null
wait_for -t 10 sh -c 'ss -Htln "sport = :22" | grep -q .' || broken "sshd does not listen on port 22"
wait_for -t 10 sh -c 'ss -Htln "sport = :80" | grep -q .' || broken "nginx does not listen on port 80"
