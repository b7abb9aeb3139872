set -eu
# set_opt KEY VALUE: set KEY=VALUE in /etc/vsftpd.conf, replacing the line (commented out
# or not) if there is one.
set_opt() {
  if grep -qE "^#?$1=" /etc/vsftpd.conf; then sed -i -E "s/^#?$1=.*/$1=$2/" /etc/vsftpd.conf
  else echo "$1=$2" >> /etc/vsftpd.conf; fi
}
set_opt anonymous_enable NO
set_opt local_enable YES
service vsftpd restart
sleep 0.5
ss -ltn 'sport = :21'
