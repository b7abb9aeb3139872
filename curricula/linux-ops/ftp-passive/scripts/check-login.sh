set -eu
# From client, on the control connection only (no data connection): the greeting,
# anonymous refused, alice accepted.
# dialogue, session_refused: scripts/lib.sh.
hello=$(dialogue 'QUIT\r\n')
case "$hello" in
  '220 '*) ;;
  '') fail "nothing answers on ftp ($FTP_IP) port 21: start vsftpd on ftp (service vsftpd start)" ;;
  *) fail "ftp port 21 answers, but not with an FTP greeting: $(printf '%s\n' "$hello" | head -n 1)" ;;
esac
anon=$(dialogue 'USER anonymous\r\nPASS lab@\r\nQUIT\r\n')
case "$anon" in
  *'230 '*) fail "ftp lets anonymous log in (230): anyone could read, or write, the server's files. anonymous_enable=NO in /etc/vsftpd.conf, then restart vsftpd" ;;
esac
out=$(dialogue 'USER alice\r\nPASS ftp-Alice-24\r\nQUIT\r\n')
session_refused "$out"
case "$out" in
  *'230 '*) ;;
  *'530 '*) fail "alice cannot log in with her password (530 Login incorrect): local users must be allowed (local_enable=YES in /etc/vsftpd.conf, then restart vsftpd)" ;;
  *) fail "ftp does not accept alice's login: $(printf '%s\n' "$out" | tail -n 2 | tr '\n' ' ')" ;;
esac
pass "ftp greets, refuses anonymous, and lets alice log in"
