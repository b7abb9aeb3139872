set -eu
# On app: Postfix sends everything for lab.test to mx by address, with no MX lookup (there is
# no DNS in the lab): a transport map entry. relayhost = [mx address] would send all mail there.
printf 'lab.test  smtp:[%s]\n' "$MX_IP" > /etc/postfix/transport
postmap /etc/postfix/transport
postconf -e 'transport_maps = hash:/etc/postfix/transport' 'myhostname = app.lab.test'
if postfix status 2>/dev/null; then postfix reload; else service postfix start; fi
postmap -q lab.test hash:/etc/postfix/transport
