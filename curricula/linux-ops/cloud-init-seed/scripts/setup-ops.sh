set -eu
# ana's workstation: her SSH key pair.
mkdir -p /root/.ssh
chmod 700 /root/.ssh
[ -f /root/.ssh/id_ed25519 ] || ssh-keygen -q -t ed25519 -N '' -C ana@ops -f /root/.ssh/id_ed25519
