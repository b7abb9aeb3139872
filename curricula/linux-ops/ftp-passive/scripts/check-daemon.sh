set -eu
# On ftp: vsftpd runs, and the running daemon does what /etc/vsftpd.conf says (it reads the
# file only when it starts, or on SIGHUP). The dialogue below goes to ftp's own address.
conf=/etc/vsftpd.conf
pgrep -x vsftpd >/dev/null ||
  fail "vsftpd is not running on ftp: service vsftpd start (or vsftpd & in the shell: it stays in the foreground in standalone mode)"
ss -Hltn 'sport = :21' | grep -q . ||
  fail "vsftpd runs but nothing listens on port 21: it is not in standalone mode (listen=YES or listen_ipv6=YES in $conf)"
# get KEY: the last value of KEY in the file (vsftpd uses the last one), lower case.
get() { awk -F= -v k="$1" '{ sub(/^[ \t]+/, "") } $1 == k { v = $2 } END { gsub(/[ \t\r]/, "", v); print tolower(v) }' "$conf"; }
# dialogue, session_refused: scripts/lib.sh.
anon=$(dialogue 'USER anonymous\r\nPASS lab@\r\nQUIT\r\n')
case "$anon" in
  '') fail "vsftpd does not answer on $FTP_IP port 21" ;;
  *'230 '*)
    [ "$(get anonymous_enable)" = no ] &&
      fail "$conf says anonymous_enable=NO, but the running vsftpd lets anonymous in: it reads its file only at start. Restart it: service vsftpd restart (or kill it and start it again)" ;;
esac
out=$(dialogue 'USER alice\r\nPASS ftp-Alice-24\r\nPWD\r\nPASV\r\nQUIT\r\n')
session_refused "$out"
case "$out" in
  *'230 '*) ;;
  *'530 '*)
    [ "$(get local_enable)" = yes ] || fail "alice cannot log in (530): local_enable is not YES in $conf, so system users may not log in"
    grep -qx alice /etc/ftpusers 2>/dev/null && fail "alice cannot log in (530): she is listed in /etc/ftpusers, PAM's list of users denied FTP"
    fail "alice cannot log in (530 Login incorrect) with her password ftp-Alice-24: was it changed? (echo 'alice:ftp-Alice-24' | chpasswd)" ;;
  *) fail "vsftpd does not accept alice's login: $(printf '%s\n' "$out" | tail -n 2 | tr '\n' ' ')" ;;
esac
pwd=$(printf '%s\n' "$out" | sed -n 's/^257 "\([^"]*\)".*/\1/p')
if [ "$(get chroot_local_user)" = yes ] && [ "$pwd" != / ]; then
  fail "$conf says chroot_local_user=YES, but the running vsftpd does not jail alice (PWD: $pwd): restart it (service vsftpd restart)"
fi
min=$(get pasv_min_port); max=$(get pasv_max_port)
port=$(printf '%s\n' "$out" | sed -n 's/^227 .*(\([0-9,]*\)).*/\1/p' | awk -F, '{ print $5 * 256 + $6 }')
if [ -n "$min" ] && [ -n "$max" ] && [ -n "$port" ]; then
  if [ "$port" -lt "$min" ] || [ "$port" -gt "$max" ]; then
    fail "$conf says pasv_min_port=$min and pasv_max_port=$max, but the running vsftpd offered port $port: restart it (service vsftpd restart)"
  fi
fi
pass "vsftpd runs on ftp as its configuration says"
