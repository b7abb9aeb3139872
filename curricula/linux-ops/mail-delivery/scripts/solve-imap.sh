set -eu
# On mx: Dovecot reads the Maildir that Postfix writes, and runs. Debian's defaults keep
# ssl = yes (a self-signed certificate) and plaintext logins only over TLS: clients use STARTTLS.
sed -i 's|^mail_location = .*|mail_location = maildir:~/Maildir|' /etc/dovecot/conf.d/10-mail.conf
doveconf -h mail_location
if pgrep -x dovecot >/dev/null; then doveadm reload; else dovecot; fi
for _ in $(seq 25); do ss -Hltn 'sport = :143' | grep -q . && break; sleep 0.2; done
ss -ltn 'sport = :143'
