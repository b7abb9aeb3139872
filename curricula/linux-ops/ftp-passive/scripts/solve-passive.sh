set -eu
set_opt() {
  if grep -qE "^#?$1=" /etc/vsftpd.conf; then sed -i -E "s/^#?$1=.*/$1=$2/" /etc/vsftpd.conf
  else echo "$1=$2" >> /etc/vsftpd.conf; fi
}
set_opt pasv_enable YES
set_opt pasv_min_port 40000
set_opt pasv_max_port 40100
service vsftpd restart
sleep 0.5
