set -eu
# From client: alice uploads a file into her home, gets the same bytes back, and deletes it.
nc -z -w 3 "$FTP_IP" 21 </dev/null 2>/dev/null || fail "nothing answers on ftp ($FTP_IP) port 21: start vsftpd on ftp"
url="ftp://alice:ftp-Alice-24@$FTP_IP"
name="upload-check-$$.txt"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
echo "opslab upload check $$ $(date +%s)" > "$tmp/up"
# Into her home, or into upload/ when the home is kept read-only (the other way to jail her).
rc=0
curl -sS --ftp-pasv --connect-timeout 6 --max-time 12 -T "$tmp/up" "$url/$name" 2>"$tmp/err" || rc=$?
err=$(cat "$tmp/err")
if [ "$rc" = 25 ]; then
  case "$err" in
    *553*)
      rc2=0
      curl -sS --ftp-pasv --connect-timeout 6 --max-time 12 -T "$tmp/up" "$url/upload/$name" 2>"$tmp/err2" || rc2=$?
      [ "$rc2" = 0 ] && { rc=0; name=upload/$name; } ;;
  esac
fi
case "$rc" in
  0) ;;
  25)
    case "$err" in
      *550*) fail "ftp refuses alice's upload (550 Permission denied): vsftpd is read-only unless write_enable=YES in /etc/vsftpd.conf (then restart vsftpd)" ;;
      *553*) fail "ftp refuses alice's upload (553 Could not create file): vsftpd allows writing, but alice may not write to the directory she lands in. Is her home (the jail's /) read-only for her? Then give her a writable subdirectory upload/ (owned by alice), or allow_writeable_chroot=YES with a writable home" ;;
    esac
    fail "ftp refuses alice's upload (curl: $err)" ;;
  67)
    case "$err" in
      *': 500'*) fail "vsftpd ends alice's session with a 500 OOPS (curl: $err): see the jail check" ;;
    esac
    fail "alice cannot log in on ftp (curl: $err)" ;;
  7 | 28) fail "the upload's data connection fails (curl: $err): passive ports (second task)?" ;;
  *) fail "alice's upload fails (curl exit $rc: $err)" ;;
esac
curl -sS --ftp-pasv --connect-timeout 6 --max-time 12 -o "$tmp/down" "$url/$name" 2>"$tmp/err" ||
  fail "alice uploaded $name, but cannot download it again: $(cat "$tmp/err")"
cmp -s "$tmp/up" "$tmp/down" || fail "the file alice downloads differs from the one she uploaded (ASCII mode conversion?)"
curl -sS --connect-timeout 6 --max-time 12 -o /dev/null -Q "DELE /$name" "$url/" 2>/dev/null ||
  fail "alice can upload, but not delete her own file $name (DELE refused): write_enable=YES covers deleting too"
pass "alice uploads $name into her home, downloads the same bytes, and deletes it"
