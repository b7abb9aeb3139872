set -eu
# From client: alice uploads a file into her home, gets the same bytes back, and deletes it.
nc -z -w 3 "$FTP_IP" 21 </dev/null 2>/dev/null || fail_t ftp-no-answer ftp_ip="$FTP_IP"
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
      *550*) fail_t write-disabled ;;
      *553*) fail_t upload-dir-readonly ;;
    esac
    fail_t upload-refused err="$err" ;;
  67)
    case "$err" in
      *': 500'*) fail_t upload-oops err="$err" ;;
    esac
    fail_t upload-no-login err="$err" ;;
  7 | 28) fail_t upload-data-fails err="$err" ;;
  *) fail_t upload-fails rc="$rc" err="$err" ;;
esac
curl -sS --ftp-pasv --connect-timeout 6 --max-time 12 -o "$tmp/down" "$url/$name" 2>"$tmp/err" ||
  fail_t upload-no-download name="$name" error="$(cat "$tmp/err")"
cmp -s "$tmp/up" "$tmp/down" || fail_t upload-differs
curl -sS --connect-timeout 6 --max-time 12 -o /dev/null -Q "DELE /$name" "$url/" 2>/dev/null ||
  fail_t delete-refused name="$name"
pass_t upload-ok name="$name"
