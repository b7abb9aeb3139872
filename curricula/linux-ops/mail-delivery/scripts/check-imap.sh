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
[ -n "$imap_body" ] || fail "bo logs in over IMAP, but his INBOX has no message '$token' 10 s after mx took it: Dovecot reads another mailbox than the one Postfix writes (Postfix: home_mailbox = Maildir/; Dovecot: mail_location = maildir:~/Maildir)"
case "$imap_body" in
  *"body of $token"*) ;;
  *) fail "IMAP found the message but fetching it gave: $(printf '%s\n' "$imap_body" | head -n 1 | cut -c1-120)" ;;
esac
pass "bo reads a new message over IMAP on mx (found by subject, body fetched)"
