set -eu
# On server: no setuid or setgid file that no Debian package installed, no world-writable
# file, no world-writable directory without the sticky bit; and the setuid programs that
# ordinary users need (passwd, su, sudo, unix_chkpwd) still have their bits and work.
problems=''
add() { problems="${problems:+$problems; }$1"; }
# One dpkg -S for all of them (each call reads every package's file list). With merged /usr,
# dpkg may know /usr/bin/su as /bin/su: each file is asked under both names.
special=$(find / -xdev -type f \( -perm -4000 -o -perm -2000 \) 2>/dev/null)
known=''
if [ -n "$special" ]; then
  # shellcheck disable=SC2046 # one path per line; no path of a Debian system has spaces
  known=$(dpkg -S $(printf '%s\n' "$special" | sed -n 'p; s,^/usr/,/,p') 2>/dev/null | sed 's/^[^:]*: //' || true)
fi
while IFS= read -r f; do
  [ -n "$f" ] || continue
  if ! printf '%s\n' "$known" | grep -qxF -e "$f" -e "${f#/usr}"; then
    add "$f ($(stat -c '%A %U:%G' "$f")) is setuid/setgid and belongs to no package"
  fi
done <<LIST
$special
LIST
while IFS= read -r f; do
  [ -n "$f" ] || continue
  add "$f ($(stat -c %A "$f")) is writable by everyone"
done <<LIST
$(find / -xdev \( -type f -perm -0002 \) -o \( -type d -perm -0002 ! -perm -1000 \) 2>/dev/null)
LIST
[ -z "$problems" ] || fail "$problems. Remove the bits (chmod u-s,g-s FILE; chmod o-w FILE) or the files; a shared directory everyone writes to gets the sticky bit (chmod 1777) instead"

for d in /tmp /var/tmp; do
  [ "$(stat -c %a "$d")" = 1777 ] || fail "$d is now mode $(stat -c %a "$d"): it must stay 1777, writable by everyone with the sticky bit, or programs of ordinary users break"
done
for p in /usr/bin/passwd /usr/bin/su /usr/bin/sudo; do
  [ -u "$p" ] && [ "$(stat -c %U "$p")" = root ] ||
    fail "$p has lost its setuid bit (mode $(stat -c '%A %U' "$p")): it is Debian's own and users need it. chmod 4755 $p"
done
[ -g /usr/sbin/unix_chkpwd ] && [ "$(stat -c %G /usr/sbin/unix_chkpwd)" = shadow ] ||
  fail "/usr/sbin/unix_chkpwd has lost its setgid shadow bit (mode $(stat -c '%A %U:%G' /usr/sbin/unix_chkpwd)): PAM uses it to check passwords for programs that do not run as root. chown root:shadow, chmod 2755"
out=$(runuser -u nobody -- passwd -S 2>&1 || true)
[ "$(printf '%s\n' "$out" | awk '{ print NF }' | head -n 1)" -ge 3 ] ||
  fail "passwd run by an ordinary user cannot read its own password status any more (passwd -S printed: $out)"
out=$(runuser -u nobody -- sudo -n true 2>&1 || true)
case "$out" in
  *'effective uid is not 0'* | *setuid*) fail "sudo no longer works for ordinary users: $out" ;;
esac
pass "no setuid/setgid file outside Debian's packages, nothing writable by everyone but sticky directories; passwd, su, sudo and unix_chkpwd keep their bits"
