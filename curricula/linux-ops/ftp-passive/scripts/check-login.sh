set -eu
# From client, on the control connection only (no data connection): the greeting,
# anonymous refused, alice accepted.
# dialogue, session_refused: scripts/lib.sh.
hello=$(dialogue 'QUIT\r\n')
case "$hello" in
  '220 '*) ;;
  '') fail_t ftp-no-answer-start ftp_ip="$FTP_IP" ;;
  *) fail_t no-ftp-greeting reply="$(printf '%s\n' "$hello" | head -n 1)" ;;
esac
anon=$(dialogue 'USER anonymous\r\nPASS lab@\r\nQUIT\r\n')
case "$anon" in
  *'230 '*) fail_t anonymous-allowed ;;
esac
out=$(dialogue 'USER alice\r\nPASS ftp-Alice-24\r\nQUIT\r\n')
session_refused "$out"
case "$out" in
  *'230 '*) ;;
  *'530 '*) fail_t alice-login-incorrect ;;
  *) fail_t alice-login-refused reply="$(printf '%s\n' "$out" | tail -n 2 | tr '\n' ' ')" ;;
esac
pass_t login-ok
