set -eu
# From client: alice is jailed in her home (it is / for her), and cannot fetch /etc/passwd.
# dialogue, session_refused: scripts/lib.sh.
out=$(dialogue 'USER alice\r\nPASS ftp-Alice-24\r\nPWD\r\nQUIT\r\n')
session_refused "$out"
case "$out" in
  '') fail_t ftp-no-answer ftp_ip="$FTP_IP" ;;
  *'230 '*) ;;
  *) fail_t alice-no-login-first reply="$(printf '%s\n' "$out" | tail -n 2 | tr '\n' ' ')" ;;
esac
pwd=$(printf '%s\n' "$out" | sed -n 's/^257 "\([^"]*\)".*/\1/p')
[ "$pwd" = / ] ||
  fail_t not-jailed pwd="$pwd"
if curl -s --ftp-pasv --connect-timeout 6 --max-time 12 -o /dev/null "ftp://alice:ftp-Alice-24@$FTP_IP/%2Fetc/passwd" 2>/dev/null; then
  fail_t jail-leaks
fi
pass_t jail-ok
