set -eu
# web1's host keys are new: forget the old one, then trust the new one (by hand: compare its
# fingerprint with ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub on web1 before answering yes).
ssh-keygen -R web1
ssh -o StrictHostKeyChecking=accept-new ana@web1 'cat /var/log/instance-setup.log'
