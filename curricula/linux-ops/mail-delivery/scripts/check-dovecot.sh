set -eu
# On mx: Dovecot runs, serves IMAP on port 143 to the network, and reads the mailbox where
# Postfix delivers. Judged by what the running Dovecot resolves for bo (doveadm asks the
# daemon), so every way of naming ~/Maildir counts: maildir:~/Maildir, maildir:%h/Maildir,
# maildir:/home/%n/Maildir, a mail_home, a userdb field.
pgrep -x dovecot >/dev/null || fail_t dovecot-not-running
ss -Hltn 'sport = :143' | grep -q . || fail_t dovecot-not-on-143
home=$(getent passwd bo | cut -d: -f6) || fail_t dovecot-no-bo
mail=$(doveadm user -f mail bo 2>&1) || fail_t doveadm-user-fails error="$(printf '%s\n' "$mail" | head -n 1 | cut -c1-160)"
inbox=$(doveadm mailbox path -u bo INBOX 2>&1) || fail_t doveadm-path-fails error="$(printf '%s\n' "$inbox" | head -n 1 | cut -c1-160)"
inbox=${inbox%/}
# Postfix delivers into ~/Maildir/ (task 1 checks that; with home_mailbox = Maildir/, or
# through Dovecot's own LMTP or LDA, which write where mail_location says).
case "$mail" in
  maildir:*) [ "$inbox" = "$home/Maildir" ] ||
    fail_t dovecot-maildir-elsewhere inbox="$inbox" home="$home" ;;
  '') fail_t dovecot-mbox-default inbox="$inbox" ;;
  *) fail_t dovecot-mail-location mail="$mail" inbox="$inbox" ;;
esac
pass_t dovecot-ok home="$home"
