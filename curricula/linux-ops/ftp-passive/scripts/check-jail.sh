set -eu
# From client: alice is jailed in her home (it is / for her), and cannot fetch /etc/passwd.
# dialogue, session_refused: scripts/lib.sh.
out=$(dialogue 'USER alice\r\nPASS ftp-Alice-24\r\nPWD\r\nQUIT\r\n')
session_refused "$out"
case "$out" in
  '') fail "nothing answers on ftp ($FTP_IP) port 21: start vsftpd on ftp" ;;
  *'230 '*) ;;
  *) fail "alice cannot log in on ftp (first task): $(printf '%s\n' "$out" | tail -n 2 | tr '\n' ' ')" ;;
esac
pwd=$(printf '%s\n' "$out" | sed -n 's/^257 "\([^"]*\)".*/\1/p')
[ "$pwd" = / ] ||
  fail "alice starts in $pwd and sees the whole file system: she is not jailed. chroot_local_user=YES in /etc/vsftpd.conf, then restart vsftpd (PWD must show \"/\")"
if curl -s --ftp-pasv --connect-timeout 6 --max-time 12 -o /dev/null "ftp://alice:ftp-Alice-24@$FTP_IP/%2Fetc/passwd" 2>/dev/null; then
  fail "alice's PWD is /, but she can still download /etc/passwd: the jail does not hold"
fi
pass "alice is jailed in her home: PWD is / and /etc/passwd is out of reach"
