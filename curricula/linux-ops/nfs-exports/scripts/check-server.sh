set -eu
# On nfs: Ganesha runs and listens on TCP 2049 on every address, and its export loaded.
log=/var/log/ganesha/ganesha.log
if ! pgrep -x ganesha.nfsd >/dev/null; then
  if [ -s "$log" ] && grep -q 'Could not get handle' "$log"; then
    fail "ganesha.nfsd is not running, and its log says 'Could not get handle': FSAL VFS needs CAP_DAC_READ_SEARCH, which a lab host does not have; use FSAL { Name = MEM; }"
  fi
  if [ -s "$log" ] && tail -n 3 "$log" | grep -q 'Cannot register RQUOTA'; then
    fail "ganesha.nfsd stopped at start, when it could not register RQUOTA with rpcbind: Enable_RQUOTA = false; in NFS_CORE_PARAM (NFSv4 needs no rpcbind), or start rpcbind first"
  fi
  if [ -s "$log" ] && tail -n 3 "$log" | grep -q 'Cannot register NLM'; then
    fail "ganesha.nfsd stopped at start, when it could not register NLM (NFSv3 locking) with rpcbind: Enable_NLM = false; in NFS_CORE_PARAM, or start rpcbind first"
  fi
  fail "ganesha.nfsd is not running on nfs: ganesha.nfsd -f /etc/ganesha/ganesha.conf -L $log (its log says why when it stops)"
fi
ss -Hltn 'sport = :2049' | grep -q . || fail "ganesha.nfsd runs but nothing listens on TCP 2049 (NFS_CORE_PARAM: Protocols must include 4)"
if ss -Hltn 'sport = :2049' | awk '{ print $4 }' | grep -Eq '^(127\.0\.0\.1|\[::1\]):'; then
  fail "Ganesha listens on the loopback address only: remove Bind_Addr, the clients come over the LAN"
fi
if [ -s "$log" ] && grep -q 'Could not get handle' "$log"; then
  fail "the Ganesha log says 'Could not get handle' for an export: FSAL VFS needs CAP_DAC_READ_SEARCH, which a lab host does not have; use FSAL { Name = MEM; } and restart"
fi
pass "ganesha.nfsd runs and listens on TCP 2049"
