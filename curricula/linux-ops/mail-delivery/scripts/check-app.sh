set -eu
# On app: a message handed to app's own Postfix (sendmail, as cron or an application does)
# for bo@lab.test leaves app's queue, travels to mx over SMTP without any DNS, and bo finds it
# over IMAP.
postfix status >/dev/null 2>&1 || fail "Postfix is not running on app: mail handed to sendmail waits in the maildrop queue (service postfix start)"
token="app-$(date +%s%N)"
# The Message-ID carries the token: Postfix's cleanup logs it with the queue ID, and every
# later log line of this message carries that queue ID.
printf 'Message-ID: <%s@app.lab.test>\nSubject: %s\n\nbody of %s\n' "$token" "$token" "$token" |
  sendmail -f root@app.lab.test bo@lab.test
qid=''
for _ in $(seq 40); do
  [ -n "$qid" ] || qid=$(grep -F "message-id=<$token@" /var/log/mail.log 2>/dev/null | sed -n 's/.*: \([0-9A-Za-z]\{6,\}\): message-id=.*/\1/p' | head -n 1 || true)
  [ -n "$qid" ] && grep -q "$qid: to=<bo@lab.test>.*status=" /var/log/mail.log 2>/dev/null && break
  sleep 0.25
done
last=$( [ -n "$qid" ] && grep "$qid: to=<bo@lab.test>" /var/log/mail.log | tail -n 1 || true)
case "$last" in
  *status=sent*relay=local* | *relay=local*status=sent*) fail "app delivered the message to a local mailbox on app ($qid): lab.test must not be in app's mydestination, only mx takes mail for it" ;;
  *status=sent*) ;;
  *status=deferred* | *status=bounced*)
    why=$(printf '%s' "$last" | sed 's/.*status=[a-z]* //' | cut -c1-160)
    case "$last" in
      *type=MX*) hint="Postfix looked up lab.test's MX record in DNS, and the lab has no DNS: name mx by address in brackets, relayhost = [$MX_IP] or a transport map (lab.test smtp:[$MX_IP])" ;;
      *"look up host"* | *type=A* | *type=AAAA*) hint="Postfix looked up a host name in DNS, and the lab has no DNS: write mx's address in brackets, [$MX_IP], or set smtp_host_lookup = native to read /etc/hosts (Postfix's smtp runs chrooted: service postfix start copies /etc/hosts into /var/spool/postfix/etc, postfix start does not)" ;;
      *refused* | *"timed out"*) hint="app found mx but could not talk SMTP to it" ;;
      *) hint="read the whole line: grep $qid /var/log/mail.log" ;;
    esac
    fail "the message is stuck on app ($qid, postqueue -p shows it): $why. $hint" ;;
  *) fail "app's Postfix did not deliver the message in 10 s${qid:+ ($qid)}; postqueue -p says: $(postqueue -p 2>/dev/null | tr -s ' \n' ' ' | cut -c1-200)" ;;
esac
imap_find "$token"
[ "$imap_rc" -eq 0 ] || fail "app's Postfix handed the message to mx, but IMAP: $(imap_why)"
[ -n "$imap_body" ] || fail "app's Postfix sent the message ($(printf '%s' "$last" | sed -n 's/.*\(relay=[^,]*\).*/\1/p')), but bo's INBOX on mx does not have it after 10 s"
pass "mail from app's Postfix reaches bo's INBOX on mx ($(printf '%s' "$last" | sed -n 's/.*\(relay=[^,]*\).*/\1/p'))"
