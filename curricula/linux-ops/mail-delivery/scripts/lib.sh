# Functions shared by the mail-delivery scripts (functions only: sent before each script).

# The account the learner creates on mx, as the task text says.
mail_pw() { printf 'opslab-mail'; }

# smtp_read FD: reads one SMTP reply (all its 250- lines); its last line goes to $smtp_line.
smtp_read() {
  local l
  smtp_line='(no reply within 5 s)'
  while IFS= read -r -t 5 l <&"$1"; do
    l=${l%$'\r'}
    smtp_line=$l
    case "$l" in [0-9][0-9][0-9]-*) continue ;; esac
    return 0
  done
  return 1
}

# smtp_talk HOST RCPT [SUBJECT]: an SMTP session with HOST:25 as a client would hold it:
# EHLO, MAIL FROM, RCPT TO, and with SUBJECT a message (DATA). Sets $smtp_banner,
# $smtp_rcpt and $smtp_data (the server's reply lines; empty where it did not get that far).
# Returns 1 when nothing answers on port 25.
smtp_talk() {
  local host=$1 rcpt=$2 subject=${3:-} fd
  smtp_banner='' smtp_rcpt='' smtp_data='' smtp_line=''
  nc -z -w 3 "$host" 25 </dev/null 2>/dev/null || return 1
  exec {fd}<>"/dev/tcp/$host/25" || return 1
  smtp_read "$fd" || true
  smtp_banner=$smtp_line
  printf 'EHLO check.example.net\r\n' >&"$fd"; smtp_read "$fd" || true
  printf 'MAIL FROM:<check@example.net>\r\n' >&"$fd"; smtp_read "$fd" || true
  printf 'RCPT TO:<%s>\r\n' "$rcpt" >&"$fd"; smtp_read "$fd" || true
  smtp_rcpt=$smtp_line
  if [ -n "$subject" ] && [ "${smtp_rcpt%% *}" = 250 ]; then
    printf 'DATA\r\n' >&"$fd"; smtp_read "$fd" || true
    printf 'From: <check@example.net>\r\nTo: <%s>\r\nSubject: %s\r\n\r\nbody of %s\r\n.\r\n' "$rcpt" "$subject" "$subject" >&"$fd"
    smtp_read "$fd" || true
    smtp_data=$smtp_line
  fi
  printf 'QUIT\r\n' >&"$fd"; smtp_read "$fd" || true
  exec {fd}>&-
  return 0
}

# imap_find SUBJECT: logs in to mx's IMAP as bo (STARTTLS when offered, the lab's self-signed
# certificate accepted) and searches INBOX for SUBJECT, for up to 10 s. Sets $imap_rc (curl's
# exit status), $imap_out, and $imap_body (the message, when found).
imap_find() {
  local i n
  imap_body=''
  for i in $(seq 20); do
    imap_rc=0
    imap_out=$(curl -sS --ssl -k --connect-timeout 3 --max-time 6 -u "bo:$(mail_pw)" \
      "imap://$MX_IP/INBOX" -X "SEARCH SUBJECT \"$1\"" 2>&1) || imap_rc=$?
    [ "$imap_rc" -eq 0 ] || return 0
    n=$(printf '%s\n' "$imap_out" | tr -d '\r' | awk '$1 == "*" && $2 == "SEARCH" && NF >= 3 { print $NF; exit }')
    if [ -n "$n" ]; then
      imap_body=$(curl -sS --ssl -k --max-time 6 -u "bo:$(mail_pw)" "imap://$MX_IP/INBOX;MAILINDEX=$n" 2>&1 | tr -d '\r') || true
      return 0
    fi
    sleep 0.5
  done
}

# imap_why: the learner's words for a failed login ($imap_rc, $imap_out).
imap_why() {
  case "$imap_rc" in
    7) printf 'nothing answers IMAP on mx (%s) port 143: is dovecot running there? (dovecot; doveadm log errors)' "$MX_IP" ;;
    67) printf 'mx refused the login of bo with the password opslab-mail: is that bo'"'"'s password on mx (passwd bo)? Dovecot also refuses plaintext logins on a connection without TLS (doveadm log errors says which)' ;;
    28) printf 'IMAP on mx did not answer in time' ;;
    *) printf 'curl exit %s: %s' "$imap_rc" "$(printf '%s\n' "$imap_out" | head -n 1 | cut -c1-140)" ;;
  esac
}
