set -eu
# The first login: ssh asks to trust web1's host key (accept-new: yes, without asking).
ssh -o StrictHostKeyChecking=accept-new ana@web1 'cat /etc/motd; sudo -n id'
