set -eu
# On laptop (office network): nfs answers on TCP 2049, but neither export lets laptop in.
nc -z -w 3 "$NFS_OFFICE_IP" 2049 </dev/null 2>/dev/null ||
  fail_t outside-no-answer nfs_office_ip="$NFS_OFFICE_IP"
for path in /srv/share /srv/drop; do
  nfs_try nfs-ls "$(nfs_url "$NFS_OFFICE_IP" "$path" 1001 1001)"
  [ "$nfs_rc" -ne 0 ] || fail_t outside-admitted path="$path" lan_subnet="$LAN_SUBNET"
done
pass_t outside-ok
