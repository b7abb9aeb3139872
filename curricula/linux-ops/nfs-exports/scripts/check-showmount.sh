set -eu
# On web1: the NFSv3 way of asking a server what it exports (MOUNT protocol through rpcbind)
# lists both of Ganesha's exports.
out=$(timeout 8 showmount -e "$NFS_IP" 2>&1) && rc=0 || rc=$?
if [ "$rc" -ne 0 ]; then
  case "$out" in
    *"Port mapper failure"* | *"Unable to receive"* | *"Connection refused"*)
      fail_t showmount-no-rpcbind nfs_ip="$NFS_IP" ;;
    *"not registered"*)
      fail_t showmount-no-mountd nfs_ip="$NFS_IP" ;;
    *) fail_t showmount-fails nfs_ip="$NFS_IP" error="$(printf '%s\n' "$out" | head -n 1)" ;;
  esac
fi
for path in /srv/share /srv/drop; do
  printf '%s\n' "$out" | grep -q "^$path " || fail_t showmount-missing nfs_ip="$NFS_IP" path="$path" output="$(printf '%s' "$out" | tr '\n' ' ' | cut -c1-160)"
done
pass_t showmount-ok
