set -eu
# On server: no setuid or setgid file that no Debian package installed, no world-writable
# file, no world-writable directory without the sticky bit; and the setuid programs that
# ordinary users need (passwd, su, sudo, unix_chkpwd) still have their bits and work.
# Two lists of "FILE (MODE)", joined by "; ": the catalog says what is wrong with each list, in
# the learner's language.
orphans='' writable=''
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
    orphans="${orphans:+$orphans; }$f ($(stat -c '%A %U:%G' "$f"))"
  fi
done <<LIST
$special
LIST
while IFS= read -r f; do
  [ -n "$f" ] || continue
  writable="${writable:+$writable; }$f ($(stat -c %A "$f"))"
done <<LIST
$(find / -xdev \( -type f -perm -0002 \) -o \( -type d -perm -0002 ! -perm -1000 \) 2>/dev/null)
LIST
if [ -n "$orphans" ]; then
  [ -n "$writable" ] || fail_t audit-orphans orphans="$orphans"
  fail_t audit-orphans-and-writable orphans="$orphans" writable="$writable"
fi
[ -z "$writable" ] || fail_t audit-writable writable="$writable"

for d in /tmp /var/tmp; do
  [ "$(stat -c %a "$d")" = 1777 ] || fail_t sticky-dir-mode d="$d" mode="$(stat -c %a "$d")"
done
for p in /usr/bin/passwd /usr/bin/su /usr/bin/sudo; do
  [ -u "$p" ] && [ "$(stat -c %U "$p")" = root ] ||
    fail_t setuid-lost p="$p" mode="$(stat -c '%A %U' "$p")"
done
[ -g /usr/sbin/unix_chkpwd ] && [ "$(stat -c %G /usr/sbin/unix_chkpwd)" = shadow ] ||
  fail_t chkpwd-setgid-lost mode="$(stat -c '%A %U:%G' /usr/sbin/unix_chkpwd)"
out=$(runuser -u nobody -- passwd -S 2>&1 || true)
[ "$(printf '%s\n' "$out" | awk '{ print NF }' | head -n 1)" -ge 3 ] ||
  fail_t passwd-broken out="$out"
out=$(runuser -u nobody -- sudo -n true 2>&1 || true)
case "$out" in
  *'effective uid is not 0'* | *setuid*) fail_t sudo-broken out="$out" ;;
esac
pass_t audit-ok
