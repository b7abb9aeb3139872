set -eu
# mx as a previous admin left it: Postfix runs with its own name, delivers only its own
# hostname, and relays for the whole Internet (mynetworks left from a test). Dovecot is
# installed with Debian's defaults and not running.
# Its own self-signed certificate and key, as a real install makes them: the image's pair
# would be the same private key in every lab. Postfix and Dovecot both use it.
make-ssl-cert generate-default-snakeoil --force-overwrite
postconf -e 'myhostname = mx.lab.test' 'mydomain = lab.test' \
  'mydestination = $myhostname, localhost' 'mynetworks = 0.0.0.0/0'
service postfix start >/dev/null
