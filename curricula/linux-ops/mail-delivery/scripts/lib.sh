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

# imap_find SUBJECT [SECONDS]: logs in to mx's IMAP as bo over STARTTLS (required: curl
# --ssl-reqd gives up rather than send the password in clear; the lab's self-signed
# certificate is accepted) and searches INBOX for SUBJECT until it is there or SECONDS (10)
# have passed, each try bounded by what is left. Sets $imap_rc (curl's exit status),
# $imap_out, $imap_body (the message, when found) and $imap_waited (seconds spent).
imap_find() {
  local start=$SECONDS deadline=$((SECONDS + ${2:-10})) left n
  imap_body='' imap_out='' imap_rc=0
  while :; do
    left=$((deadline - SECONDS))
    [ "$left" -ge 1 ] || break
    [ "$left" -le 6 ] || left=6
    imap_rc=0
    imap_out=$(curl -sS --ssl-reqd -k --connect-timeout 3 --max-time "$left" -u "bo:$(mail_pw)" \
      "imap://$MX_IP/INBOX" -X "SEARCH SUBJECT \"$1\"" 2>&1) || imap_rc=$?
    [ "$imap_rc" -eq 0 ] || break
    n=$(printf '%s\n' "$imap_out" | tr -d '\r' | awk '$1 == "*" && $2 == "SEARCH" && NF >= 3 { print $NF; exit }')
    if [ -n "$n" ]; then
      imap_body=$(curl -sS --ssl-reqd -k --max-time 6 -u "bo:$(mail_pw)" "imap://$MX_IP/INBOX;MAILINDEX=$n" 2>&1 | tr -d '\r') || true
      break
    fi
    [ $((deadline - SECONDS)) -ge 1 ] || break
    sleep 0.5
  done
  imap_waited=$((SECONDS - start))
}

# imap_plain_login: tries bo's login to mx's IMAP without TLS, as a careless client would;
# returns 0 when mx accepts the password in clear.
imap_plain_login() {
  curl -sS --connect-timeout 3 --max-time 6 -u "bo:$(mail_pw)" "imap://$MX_IP/INBOX" -X 'NOOP' >/dev/null 2>&1
}

# imap_fail CONTEXT: fails with the learner's words for a failed login ($imap_rc, $imap_out):
# CONTEXT "app" when app's Postfix had handed the message on, "imap" for bo's own login. One
# message per context and cause, so that each reads as one sentence in every language.
imap_fail() {
  case "$1:$imap_rc" in
    app:64) fail_t app-imap-no-starttls ;;
    app:7) fail_t app-imap-no-answer mx_ip="$MX_IP" ;;
    app:67) fail_t app-imap-login-refused ;;
    app:28) fail_t app-imap-timeout ;;
    app:*) fail_t app-imap-curl imap_rc="$imap_rc" error="$(printf '%s\n' "$imap_out" | head -n 1 | cut -c1-140)" ;;
    imap:64) fail_t imap-no-starttls ;;
    imap:7) fail_t imap-no-answer mx_ip="$MX_IP" ;;
    imap:67) fail_t imap-login-refused ;;
    imap:28) fail_t imap-timeout ;;
    imap:*) fail_t imap-curl imap_rc="$imap_rc" error="$(printf '%s\n' "$imap_out" | head -n 1 | cut -c1-140)" ;;
    *) broken "imap_fail: unknown context '$1'" ;;
  esac
}
