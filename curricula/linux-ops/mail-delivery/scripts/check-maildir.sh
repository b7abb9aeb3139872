set -eu
# On mx: a message for bo@lab.test, handed to Postfix here, lands as a file in
# /home/bo/Maildir/new (or cur).
id bo >/dev/null 2>&1 || fail_t maildir-no-bo
postfix status >/dev/null 2>&1 || fail_t mx-postfix-not-running
token="maildir-$(date +%s%N)"
printf 'Subject: %s\n\nfrom the check\n' "$token" | sendmail -f check@lab.test bo@lab.test
start=$SECONDS
while [ $((SECONDS - start)) -lt 10 ]; do
  grep -rlq -- "$token" /home/bo/Maildir/new /home/bo/Maildir/cur 2>/dev/null && pass_t maildir-ok
  sleep 0.25
done
if grep -q -- "$token" "/var/mail/bo" 2>/dev/null; then
  fail_t maildir-went-to-mbox
fi
q=$(postqueue -p 2>/dev/null | awk '/^[0-9A-F]+[*!]? / { id = $1 } END { print id }')
reason=$(grep 'status=' /var/log/mail.log 2>/dev/null | tail -n 1 | sed 's/.*status=//' | cut -c1-160 || true)
# No delivery logged at all reads "none" (its own messages: an argument carries data, not words).
if [ -z "$reason" ]; then
  [ -z "$q" ] ||
    fail_t maildir-timeout-queued-none seconds="$((SECONDS - start))" q="$q"
  fail_t maildir-timeout-none seconds="$((SECONDS - start))"
fi
[ -z "$q" ] ||
  fail_t maildir-timeout-queued seconds="$((SECONDS - start))" reason="$reason" q="$q"
fail_t maildir-timeout seconds="$((SECONDS - start))" reason="$reason"
