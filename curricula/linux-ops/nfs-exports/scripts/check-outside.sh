set -eu
# On laptop (office network): nfs answers on TCP 2049, but neither export lets laptop in.
nc -z -w 3 "$NFS_OFFICE_IP" 2049 </dev/null 2>/dev/null ||
  fail "laptop gets no answer from nfs ($NFS_OFFICE_IP) on TCP 2049: start Ganesha on nfs, listening on every address; the export itself must refuse laptop"
for path in /srv/share /srv/drop; do
  nfs_try nfs-ls "$(nfs_url "$NFS_OFFICE_IP" "$path" 1001 1001)"
  [ "$nfs_rc" -ne 0 ] || fail "laptop, on the office network, lists nfs:$path: the export must admit $LAN_SUBNET only (Access_Type = None in the EXPORT, access in CLIENT blocks)"
done
pass "nfs answers laptop on 2049 but refuses it both exports"
