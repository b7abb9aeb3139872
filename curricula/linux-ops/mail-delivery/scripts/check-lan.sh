set -eu
# On app (the LAN side): mx takes lab.test as its own domain (it refuses a user it does not
# have there, instead of passing the mail on), and relays for the LAN to other domains.
smtp_talk "$MX_IP" "nosuch-$(date +%s%N)@lab.test" ||
  fail_t lan-no-smtp mx_ip="$MX_IP"
case "$smtp_rcpt" in
  5*) ;;
  250*) fail_t lan-unknown-user-taken smtp_rcpt="$smtp_rcpt" ;;
  *) fail_t lan-unclear-nosuch smtp_rcpt="$smtp_rcpt" ;;
esac
smtp_talk "$MX_IP" someone@example.org
case "$smtp_rcpt" in
  250*) ;;
  *"Relay access denied"*) fail_t lan-relay-refused app_ip="$APP_IP" smtp_rcpt="$smtp_rcpt" lan_subnet="$LAN_SUBNET" ;;
  *) fail_t lan-rcpt-refused smtp_rcpt="$smtp_rcpt" ;;
esac
pass_t lan-ok smtp_rcpt="$smtp_rcpt"
