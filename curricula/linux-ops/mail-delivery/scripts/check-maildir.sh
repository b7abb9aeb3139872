set -eu
# On mx: a message for bo@lab.test, handed to Postfix here, lands as a file in
# /home/bo/Maildir/new (or cur).
id bo >/dev/null 2>&1 || fail "there is no user bo on mx: useradd -m bo, and give him the password opslab-mail"
postfix status >/dev/null 2>&1 || fail "Postfix is not running on mx: service postfix start"
token="maildir-$(date +%s%N)"
printf 'Subject: %s\n\nfrom the check\n' "$token" | sendmail -f check@lab.test bo@lab.test
for _ in $(seq 40); do
  grep -rlq -- "$token" /home/bo/Maildir/new /home/bo/Maildir/cur 2>/dev/null && pass "mail to bo@lab.test lands in /home/bo/Maildir"
  sleep 0.25
done
if grep -q -- "$token" "/var/mail/bo" 2>/dev/null; then
  fail "the message went to the mbox file /var/mail/bo: set home_mailbox = Maildir/ (with the slash: a directory) and postfix reload"
fi
q=$(postqueue -p 2>/dev/null | awk '/^[0-9A-F]+[*!]? / { id = $1 } END { print id }')
reason=$(grep 'status=' /var/log/mail.log 2>/dev/null | tail -n 1 | sed 's/.*status=//' | cut -c1-160 || true)
fail "a message to bo@lab.test did not reach /home/bo/Maildir in 10 s; the last delivery in /var/log/mail.log: ${reason:-none}${q:+ (postqueue -p still holds $q)}"
