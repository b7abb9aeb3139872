set -eu
set_opt() {
  if grep -qE "^#?$1=" /etc/vsftpd.conf; then sed -i -E "s/^#?$1=.*/$1=$2/" /etc/vsftpd.conf
  else echo "$1=$2" >> /etc/vsftpd.conf; fi
}
set_opt write_enable YES
set_opt chroot_local_user YES
set_opt allow_writeable_chroot YES
service vsftpd restart
sleep 0.5
