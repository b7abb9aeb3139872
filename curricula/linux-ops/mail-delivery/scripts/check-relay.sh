set -eu
# On outsider (the Internet side): mx takes mail for bo@lab.test, and refuses to pass mail
# on to a domain that is not its own.
smtp_talk "$MX_WAN_IP" bo@lab.test ||
  fail_t relay-no-smtp mx_wan_ip="$MX_WAN_IP"
case "$smtp_rcpt" in
  250*) ;;
  *"User unknown"*) fail_t relay-no-bo smtp_rcpt="$smtp_rcpt" ;;
  *"Relay access denied"*) fail_t relay-not-own-domain smtp_rcpt="$smtp_rcpt" ;;
  *) fail_t relay-bo-refused smtp_rcpt="$smtp_rcpt" ;;
esac
smtp_talk "$MX_WAN_IP" someone@example.org
case "$smtp_rcpt" in
  250*) fail_t open-relay smtp_rcpt="$smtp_rcpt" ;;
  [45]*) ;;
  *) fail_t relay-unclear smtp_rcpt="$smtp_rcpt" ;;
esac
pass_t relay-ok smtp_rcpt="${smtp_rcpt}"
