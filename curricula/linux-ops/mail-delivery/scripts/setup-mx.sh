set -eu
# mx as a previous admin left it: Postfix runs with its own name, delivers only its own
# hostname, and relays for the whole Internet (mynetworks left from a test). Dovecot is
# installed with Debian's defaults and not running.
postconf -e 'myhostname = mx.lab.test' 'mydomain = lab.test' \
  'mydestination = $myhostname, localhost' 'mynetworks = 0.0.0.0/0'
service postfix start >/dev/null
