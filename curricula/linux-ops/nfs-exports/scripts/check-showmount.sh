set -eu
# On web1: the NFSv3 way of asking a server what it exports (MOUNT protocol through rpcbind)
# lists both of Ganesha's exports.
out=$(timeout 8 showmount -e "$NFS_IP" 2>&1) && rc=0 || rc=$?
if [ "$rc" -ne 0 ]; then
  case "$out" in
    *"Port mapper failure"* | *"Unable to receive"* | *"Connection refused"*)
      fail "showmount -e $NFS_IP: rpcbind does not answer on nfs port 111: start rpcbind there, then restart Ganesha so it registers (rpcinfo -p shows what is registered)" ;;
    *"not registered"*)
      fail "showmount -e $NFS_IP: rpcbind answers but no mountd is registered: Ganesha needs Protocols = 3, 4 and must start after rpcbind" ;;
    *) fail "showmount -e $NFS_IP failed: $(printf '%s\n' "$out" | head -n 1)" ;;
  esac
fi
for path in /srv/share /srv/drop; do
  printf '%s\n' "$out" | grep -q "^$path " || fail "showmount -e $NFS_IP does not list $path: $(printf '%s' "$out" | tr '\n' ' ' | cut -c1-160)"
done
pass "showmount -e lists /srv/share and /srv/drop"
