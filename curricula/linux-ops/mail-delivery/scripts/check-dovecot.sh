set -eu
# On mx: Dovecot runs, serves IMAP on port 143 to the network, and reads the mailbox where
# Postfix delivers. Judged by what the running Dovecot resolves for bo (doveadm asks the
# daemon), so every way of naming ~/Maildir counts: maildir:~/Maildir, maildir:%h/Maildir,
# maildir:/home/%n/Maildir, a mail_home, a userdb field.
pgrep -x dovecot >/dev/null || fail "Dovecot is not running on mx: dovecot (and doveadm log errors, or /var/log/dovecot.log if you set log_path, to see why it stops)"
ss -Hltn 'sport = :143' | grep -q . || fail "Dovecot runs but nothing listens on TCP 143: protocols = imap (in /etc/dovecot/dovecot.conf) and listen = *"
home=$(getent passwd bo | cut -d: -f6) || fail "there is no user bo on mx, so Dovecot has no mailbox to serve: task 1 first (useradd -m bo)"
mail=$(doveadm user -f mail bo 2>&1) || fail "doveadm user bo failed: $(printf '%s\n' "$mail" | head -n 1 | cut -c1-160)"
inbox=$(doveadm mailbox path -u bo INBOX 2>&1) || fail "doveadm mailbox path -u bo INBOX failed: $(printf '%s\n' "$inbox" | head -n 1 | cut -c1-160)"
inbox=${inbox%/}
# Postfix delivers into ~/Maildir/ (task 1 checks that; with home_mailbox = Maildir/, or
# through Dovecot's own LMTP or LDA, which write where mail_location says).
case "$mail" in
  maildir:*) [ "$inbox" = "$home/Maildir" ] ||
    fail "Dovecot reads bo's INBOX in Maildir format but at $inbox, and Postfix delivers into $home/Maildir: mail_location = maildir:~/Maildir" ;;
  *) fail "Postfix delivers into ~/Maildir/ (home_mailbox = Maildir/), but the running Dovecot reads bo's mail from ${mail:-its default, mbox in /var/mail} (INBOX: $inbox): set mail_location = maildir:~/Maildir in /etc/dovecot/conf.d/10-mail.conf and doveadm reload" ;;
esac
pass "Dovecot serves IMAP on 143 from $home/Maildir, where Postfix delivers"
