set -eu
# On mx: Dovecot runs, serves IMAP on port 143 to the network, and reads the mailbox where
# Postfix delivers.
pgrep -x dovecot >/dev/null || fail "Dovecot is not running on mx: dovecot (and doveadm log errors, or /var/log/dovecot.log if you set log_path, to see why it stops)"
ss -Hltn 'sport = :143' | grep -q . || fail "Dovecot runs but nothing listens on TCP 143: protocols = imap (in /etc/dovecot/dovecot.conf) and listen = *"
loc=$(doveconf -h mail_location 2>/dev/null || true)
# Postfix delivers into ~/Maildir/ (task 1 checks that; with home_mailbox = Maildir/, or
# through Dovecot's own LMTP or LDA, which write where mail_location says).
case "$loc" in
  'maildir:~/Maildir'* | 'maildir:%h/Maildir'* | 'maildir:/home/%u/Maildir'*) ;;
  *) fail "Postfix delivers into ~/Maildir/ (home_mailbox = Maildir/), but Dovecot reads mail_location = ${loc:-its default, mbox in /var/mail}: set mail_location = maildir:~/Maildir in /etc/dovecot/conf.d/10-mail.conf and doveadm reload" ;;
esac
pass "Dovecot serves IMAP on 143 from ~/Maildir, where Postfix delivers"
