set -eu
# On nfs: Ganesha runs and listens on TCP 2049 on every address, and its export loaded.
log=/var/log/ganesha/ganesha.log
if ! pgrep -x ganesha.nfsd >/dev/null; then
  if [ -s "$log" ] && grep -q 'Could not get handle' "$log"; then
    fail_t ganesha-vfs-handle
  fi
  if [ -s "$log" ] && tail -n 3 "$log" | grep -q 'Cannot register RQUOTA'; then
    fail_t ganesha-rquota
  fi
  if [ -s "$log" ] && tail -n 3 "$log" | grep -q 'Cannot register NLM'; then
    fail_t ganesha-nlm
  fi
  fail_t ganesha-not-running log="$log"
fi
ss -Hltn 'sport = :2049' | grep -q . || fail_t ganesha-not-on-2049
if ss -Hltn 'sport = :2049' | awk '{ print $4 }' | grep -Eq '^(127\.0\.0\.1|\[::1\]):'; then
  fail_t ganesha-loopback-only
fi
if [ -s "$log" ] && grep -q 'Could not get handle' "$log"; then
  fail_t ganesha-export-handle
fi
pass_t ganesha-ok
