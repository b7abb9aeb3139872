set -eu
# On mx: the mailbox account, mail for lab.test delivered here in Maildir format, and relaying
# only for this host and the LAN.
id bo >/dev/null 2>&1 || useradd -m -s /bin/bash bo
echo 'bo:opslab-mail' | chpasswd
postconf -e 'mydestination = $myhostname, lab.test, localhost' \
  "mynetworks = 127.0.0.0/8 $LAN_SUBNET" \
  'home_mailbox = Maildir/'
postfix check
if postfix status 2>/dev/null; then postfix reload; else service postfix start; fi
postconf -n | grep -E '^(mydestination|mynetworks|home_mailbox)'
