set -eu
# On app, as a mail client: a new message sent to bo@lab.test over SMTP can be found and read
# in bo's INBOX over IMAP.
token="imap-$(date +%s%N)"
smtp_talk "$MX_IP" bo@lab.test "$token" || fail_t mx-no-smtp mx_ip="$MX_IP"
case "$smtp_data" in
  250*) ;;
  '') fail_t imap-test-not-taken-no-data smtp_rcpt="$smtp_rcpt" ;;
  *) fail_t imap-test-not-taken smtp_rcpt="$smtp_rcpt" smtp_data="$smtp_data" ;;
esac
imap_find "$token"
[ "$imap_rc" -eq 0 ] || imap_fail imap
[ -n "$imap_body" ] || fail_t imap-message-missing token="$token" imap_waited="$imap_waited"
case "$imap_body" in
  *"body of $token"*) ;;
  *) fail_t imap-fetch-wrong body="$(printf '%s\n' "$imap_body" | head -n 1 | cut -c1-120)" ;;
esac
# STARTTLS worked; the password must not be taken without it either (the task: keep it that
# way). Dovecot counts only connections from mx itself as secure without TLS.
if imap_plain_login; then
  fail_t imap-plaintext-auth
fi
pass_t imap-ok
