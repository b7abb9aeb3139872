set -eu
# On app: a message handed to app's own Postfix (sendmail, as cron or an application does)
# for bo@lab.test leaves app's queue, travels to mx over SMTP without any DNS, and bo finds it
# over IMAP.
postfix status >/dev/null 2>&1 || fail_t app-postfix-not-running
token="app-$(date +%s%N)"
# The Message-ID carries the token: Postfix's cleanup logs it with the queue ID, and every
# later log line of this message carries that queue ID.
printf 'Message-ID: <%s@app.lab.test>\nSubject: %s\n\nbody of %s\n' "$token" "$token" "$token" |
  sendmail -f root@app.lab.test bo@lab.test
qid='' start=$SECONDS
while [ $((SECONDS - start)) -lt 10 ]; do
  [ -n "$qid" ] || qid=$(grep -F "message-id=<$token@" /var/log/mail.log 2>/dev/null | sed -n 's/.*: \([0-9A-Za-z]\{6,\}\): message-id=.*/\1/p' | head -n 1 || true)
  [ -n "$qid" ] && grep -q "$qid: to=<bo@lab.test>.*status=" /var/log/mail.log 2>/dev/null && break
  sleep 0.25
done
waited=$((SECONDS - start))
last=$( [ -n "$qid" ] && grep "$qid: to=<bo@lab.test>" /var/log/mail.log | tail -n 1 || true)
status=$(printf '%s' "$last" | sed -n 's/.*status=\([a-z]*\).*/\1/p')
why=$(printf '%s' "$last" | sed -n 's/.*status=[a-z]* //p' | cut -c1-160)
# Delivered on app itself, whatever came of it (sent to a mailbox on app, or bounced for a
# user app does not have): app takes lab.test as its own domain.
case "$last" in
  *relay=local* | *relay=virtual*)
    fail_t app-delivered-locally qid="$qid" relay="${last##*relay=}" ;;
esac
case "$status" in
  sent) ;;
  deferred | bounced)
    case "$last" in
      *type=MX*) hint=dns-mx ;;
      *"look up host"* | *type=A* | *type=AAAA*) hint=dns-host ;;
      *"Relay access denied"*) hint=relay-denied ;;
      *"loops back to myself"*) hint=loop ;;
      *refused* | *"timed out"*) hint=no-smtp ;;
      *) hint=other ;;
    esac
    # The key names the status and the cause (app-bounced-dns-mx, app-stuck-loop...): one whole
    # message each, rather than a cause pasted into a sentence. mx_ip goes to every one; the
    # messages about the MX use it.
    if [ "$status" = bounced ]; then kind=bounced; else kind=stuck; fi
    fail_t "app-$kind-$hint" qid="$qid" why="$why" mx_ip="$MX_IP" ;;
  *)
    [ -n "$qid" ] ||
      fail_t app-not-delivered waited="$waited" queue="$(postqueue -p 2>/dev/null | tr -s ' \n' ' ' | cut -c1-200)"
    fail_t app-not-delivered-qid waited="$waited" qid="$qid" queue="$(postqueue -p 2>/dev/null | tr -s ' \n' ' ' | cut -c1-200)" ;;
esac
relay=$(printf '%s' "$last" | sed -n 's/.*\(relay=[^,]*\).*/\1/p')
imap_find "$token"
[ "$imap_rc" -eq 0 ] || imap_fail app
[ -n "$imap_body" ] || fail_t app-not-in-inbox relay="$relay" imap_waited="$imap_waited"
pass_t app-ok relay="$relay"
