set -eu
# On client, as root: a key pair without a passphrase (in this lab only), its public half
# installed for ana on server with ssh-copy-id, which logs in once with ana's password.
[ -f /root/.ssh/id_ed25519 ] || ssh-keygen -t ed25519 -N '' -C 'root@client' -f /root/.ssh/id_ed25519
ssh-keyscan -t ed25519 server >> /root/.ssh/known_hosts 2>/dev/null
# Typed by hand: ssh-copy-id ana@server, and ana's password (ana-password) when asked.
# A script cannot type, so a tiny SSH_ASKPASS program answers the password prompt instead.
printf '#!/bin/sh\necho ana-password\n' > /root/askpass.sh
chmod 700 /root/askpass.sh
SSH_ASKPASS=/root/askpass.sh SSH_ASKPASS_REQUIRE=force DISPLAY=:0 ssh-copy-id -i /root/.ssh/id_ed25519.pub ana@server </dev/null
rm -f /root/askpass.sh
ssh -o BatchMode=yes ana@server id
