set -eu
# On outsider (the Internet side): mx takes mail for bo@lab.test, and refuses to pass mail
# on to a domain that is not its own.
smtp_talk "$MX_WAN_IP" bo@lab.test ||
  fail "nothing answers SMTP on mx ($MX_WAN_IP) port 25: is Postfix running (postfix status), with inet_interfaces = all?"
case "$smtp_rcpt" in
  250*) ;;
  *"User unknown"*) fail "mx refuses bo@lab.test: '$smtp_rcpt': there is no account bo on mx (useradd -m bo)" ;;
  *"Relay access denied"*) fail "mx takes bo@lab.test for mail to relay, not its own: '$smtp_rcpt': add lab.test to mydestination" ;;
  *) fail "mx refuses RCPT TO:<bo@lab.test> from outside: '$smtp_rcpt'" ;;
esac
smtp_talk "$MX_WAN_IP" someone@example.org
case "$smtp_rcpt" in
  250*) fail "mx is an open relay: it accepted mail from the Internet for someone@example.org ('$smtp_rcpt'). Set mynetworks to the hosts allowed to relay (127.0.0.0/8 and the LAN), not 0.0.0.0/0" ;;
  [45]*) ;;
  *) fail "mx gave no clear answer to RCPT TO:<someone@example.org>: '$smtp_rcpt'" ;;
esac
pass "from the Internet, mx takes mail for bo@lab.test and refuses to relay for example.org ('${smtp_rcpt}')"
