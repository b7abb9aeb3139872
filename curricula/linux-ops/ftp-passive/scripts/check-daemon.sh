set -eu
# On ftp: vsftpd runs, and the running daemon does what /etc/vsftpd.conf says (it reads the
# file only when it starts, or on SIGHUP). The dialogue below goes to ftp's own address.
conf=/etc/vsftpd.conf
pgrep -x vsftpd >/dev/null ||
  fail_t vsftpd-not-running
ss -Hltn 'sport = :21' | grep -q . ||
  fail_t vsftpd-not-standalone conf="$conf"
# get KEY: the last value of KEY in the file (vsftpd uses the last one), lower case.
get() { awk -F= -v k="$1" '{ sub(/^[ \t]+/, "") } $1 == k { v = $2 } END { gsub(/[ \t\r]/, "", v); print tolower(v) }' "$conf"; }
# dialogue, session_refused: scripts/lib.sh.
anon=$(dialogue 'USER anonymous\r\nPASS lab@\r\nQUIT\r\n')
case "$anon" in
  '') fail_t vsftpd-no-answer ftp_ip="$FTP_IP" ;;
  *'230 '*)
    [ "$(get anonymous_enable)" = no ] &&
      fail_t anonymous-not-restarted conf="$conf" ;;
esac
out=$(dialogue 'USER alice\r\nPASS ftp-Alice-24\r\nPWD\r\nPASV\r\nQUIT\r\n')
session_refused "$out"
case "$out" in
  *'230 '*) ;;
  *'530 '*)
    [ "$(get local_enable)" = yes ] || fail_t local-disabled conf="$conf"
    grep -qx alice /etc/ftpusers 2>/dev/null && fail_t alice-in-ftpusers
    fail_t alice-bad-password ;;
  *) fail_t alice-login-refused-daemon reply="$(printf '%s\n' "$out" | tail -n 2 | tr '\n' ' ')" ;;
esac
pwd=$(printf '%s\n' "$out" | sed -n 's/^257 "\([^"]*\)".*/\1/p')
if [ "$(get chroot_local_user)" = yes ] && [ "$pwd" != / ]; then
  fail_t chroot-not-restarted conf="$conf" pwd="$pwd"
fi
min=$(get pasv_min_port); max=$(get pasv_max_port)
port=$(printf '%s\n' "$out" | sed -n 's/^227 .*(\([0-9,]*\)).*/\1/p' | awk -F, '{ print $5 * 256 + $6 }')
if [ -n "$min" ] && [ -n "$max" ] && [ -n "$port" ]; then
  if [ "$port" -lt "$min" ] || [ "$port" -gt "$max" ]; then
    fail_t pasv-not-restarted conf="$conf" min="$min" max="$max" port="$port"
  fi
fi
pass_t daemon-ok
