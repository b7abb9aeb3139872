set -eu
# On app (the LAN side): mx takes lab.test as its own domain (it refuses a user it does not
# have there, instead of passing the mail on), and relays for the LAN to other domains.
smtp_talk "$MX_IP" "nosuch-$(date +%s%N)@lab.test" ||
  fail "nothing answers SMTP on mx ($MX_IP) port 25 from the LAN: is Postfix running (postfix status), with inet_interfaces = all?"
case "$smtp_rcpt" in
  5*) ;;
  250*) fail "mx took mail from the LAN for a user lab.test does not have ('$smtp_rcpt'): it relays lab.test on instead of delivering it (add lab.test to mydestination), or takes any name there (local_recipient_maps left empty)" ;;
  *) fail "mx gave no clear answer to RCPT TO:<nosuch@lab.test> from the LAN: '$smtp_rcpt'" ;;
esac
smtp_talk "$MX_IP" someone@example.org
case "$smtp_rcpt" in
  250*) ;;
  *"Relay access denied"*) fail "mx refuses to relay for app ($APP_IP), on the LAN: '$smtp_rcpt': mynetworks must hold the LAN $LAN_SUBNET as well as 127.0.0.0/8" ;;
  *) fail "mx refuses RCPT TO:<someone@example.org> from app, on the LAN: '$smtp_rcpt'; the LAN may relay" ;;
esac
pass "from the LAN, mx relays to example.org ('$smtp_rcpt') and refuses users lab.test does not have"
