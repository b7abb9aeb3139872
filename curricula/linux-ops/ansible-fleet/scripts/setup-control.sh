set -eu
# The control node: root's SSH key pair, already authorized on node1 and node2
# (setup-node.sh), and an empty project folder. Ansible and ssh are in the image.
#
# LAB-ONLY KEY: see the note in setup-node.sh. It is public (in the course's repository)
# and opens nothing but the internal hosts of one lab. Never reuse it.
install -d -m 700 /root/.ssh
umask 077
cat > /root/.ssh/id_ed25519 <<'KEY'
-----BEGIN OPENSSH PRIVATE KEY-----
b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
QyNTUxOQAAACCScPrsTkMJu6MwsiuHuaytEDL6OpqqZ+VG8xXRWOJblAAAAKCuY0WkrmNF
pAAAAAtzc2gtZWQyNTUxOQAAACCScPrsTkMJu6MwsiuHuaytEDL6OpqqZ+VG8xXRWOJblA
AAAEBQ7hkZJRfMkINBypy4EQOO2/4btfwpn7HL3esqHdlQjZJw+uxOQwm7ozCyK4e5rK0Q
Mvo6mqpn5UbzFdFY4luUAAAAF29wc2xhYi1sYWItb25seUBjb250cm9sAQIDBAUG
-----END OPENSSH PRIVATE KEY-----
KEY
printf '%s\n' 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJJw+uxOQwm7ozCyK4e5rK0QMvo6mqpn5UbzFdFY4luU opslab-lab-only@control' > /root/.ssh/id_ed25519.pub
umask 022
chmod 644 /root/.ssh/id_ed25519.pub
install -d -m 755 /root/fleet
