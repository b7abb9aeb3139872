set -eu
# On app, as a mail client: a new message sent to bo@lab.test over SMTP can be found and read
# in bo's INBOX over IMAP.
token="imap-$(date +%s%N)"
smtp_talk "$MX_IP" bo@lab.test "$token" || fail "nothing answers SMTP on mx ($MX_IP) port 25"
case "$smtp_data" in
  250*) ;;
  *) fail "mx did not take the test message for bo@lab.test (RCPT: '$smtp_rcpt'; end of DATA: '${smtp_data:-not reached}'): task 1 first" ;;
esac
imap_find "$token"
[ "$imap_rc" -eq 0 ] || fail "IMAP: $(imap_why)"
[ -n "$imap_body" ] || fail "bo logs in over IMAP, but his INBOX has no message '$token' $imap_waited s after mx took it: Dovecot reads another mailbox than the one Postfix writes (Postfix: home_mailbox = Maildir/; Dovecot: mail_location = maildir:~/Maildir)"
case "$imap_body" in
  *"body of $token"*) ;;
  *) fail "IMAP found the message but fetching it gave: $(printf '%s\n' "$imap_body" | head -n 1 | cut -c1-120)" ;;
esac
# STARTTLS worked; the password must not be taken without it either (the task: keep it that
# way). Dovecot counts only connections from mx itself as secure without TLS.
if imap_plain_login; then
  fail "bo reads his mail over STARTTLS, but mx also takes his password without TLS, in clear on the network: disable_plaintext_auth = no; set it back to yes (Debian's default) in /etc/dovecot/conf.d/10-auth.conf"
fi
pass "bo reads a new message over IMAP on mx (STARTTLS required; found by subject, body fetched)"
