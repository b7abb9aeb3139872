set -eu
# The two settings must hold now, and must come back from the files a boot applies: the check
# sets both to other values, applies every sysctl file that `sysctl --system` reads from /etc,
# /run and /usr/local/lib (in its order: by file name), reads the values again, and puts the
# live values back. A file that sysctl cannot apply (a key this container may not write, a typo)
# is named with sysctl's own message.
fwd=$(sysctl -n net.ipv4.ip_forward)
conn=$(sysctl -n net.core.somaxconn)
[ "$fwd" = 1 ] || fail_t ip-forward-off fwd="$fwd"
[ "$conn" = 8192 ] || fail_t somaxconn-wrong conn="$conn"

files=$(for d in /etc/sysctl.d /run/sysctl.d /usr/local/lib/sysctl.d; do
  for f in "$d"/*.conf; do [ -e "$f" ] && printf '%s\t%s\n' "${f##*/}" "$f"; done
done | sort -t "$(printf '\t')" -k1,1 | cut -f2)
[ ! -s /etc/sysctl.conf ] || files="$files
/etc/sysctl.conf"

out=$(mktemp)
trap 'sysctl -qw net.ipv4.ip_forward="$fwd" net.core.somaxconn="$conn" >/dev/null 2>&1 || true; rm -f "$out"' EXIT
sysctl -qw net.ipv4.ip_forward=0 net.core.somaxconn=4096 >/dev/null
bad=
for f in $files; do
  sysctl -p "$f" >/dev/null 2>"$out" || [ -n "$bad" ] || bad="$f: $(head -n 1 "$out")"
done
after_fwd=$(sysctl -n net.ipv4.ip_forward)
after_conn=$(sysctl -n net.core.somaxconn)
[ -z "$bad" ] || fail_t sysctl-file-fails bad="$bad"
[ "$after_fwd" = 1 ] && [ "$after_conn" = 8192 ] ||
  fail_t sysctl-not-persistent after_fwd="$after_fwd" after_conn="$after_conn"
from=$(echo "$files" | xargs grep -l -E 'ip_forward|somaxconn' 2>/dev/null | head -n 1 || true)
[ -n "$from" ] || pass_t sysctl-ok-files
pass_t sysctl-ok file="$from"
