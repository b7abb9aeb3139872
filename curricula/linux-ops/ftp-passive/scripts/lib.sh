# Shared by this exercise's checks (its `prelude`): functions only, nothing runs here.

# dialogue 'CMD\r\nCMD\r\n': the FTP commands said to ftp's port 21 (on its own address, as a
# client would), and what vsftpd answered, without the \r; nothing when nothing answers.
dialogue() { printf "$1" | timeout 10 nc -w 6 "$FTP_IP" 21 2>/dev/null | tr -d '\r' || true; }

# session_refused OUT: fails when vsftpd answered the dialogue OUT with a "500 OOPS" (it ends the
# session: a configuration it refuses to run with), naming the usual cause.
session_refused() {
  local oops
  oops=$(printf '%s\n' "$1" | grep -m 1 'OOPS' || true)
  case "$oops" in
    '') ;;
    *'writable root inside chroot'*)
      fail_t session-refused-writable-home oops="$oops" ;;
    *) fail_t session-refused oops="$oops" ;;
  esac
}
