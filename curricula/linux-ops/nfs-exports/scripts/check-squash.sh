set -eu
# On web1: root's writes land as nobody (65534:65534), and squashed root cannot read a
# private file of deploy's (mode 0660, as nfs-cp creates it). nfs-cp creates its files
# exclusively, so every run uses new names.
stamp=$(date +%s%N)
nfs_put "$NFS_IP" "/srv/share/.check-root-$stamp" 0 0 "root on web1"
# message keys: squash-root-write-fails-no-server squash-root-write-fails-no-export squash-root-write-fails-refused squash-root-write-fails-grace squash-root-write-fails-read-only squash-root-write-fails-no-answer squash-root-write-fails-other
[ "$nfs_rc" -eq 0 ] || { nfs_cause; fail_t "squash-root-write-fails$nfs_cause" line="$nfs_detail" rc="$nfs_rc"; }
# message keys: squash-root-not-listed-no-server squash-root-not-listed-no-export squash-root-not-listed-refused squash-root-not-listed-grace squash-root-not-listed-read-only squash-root-not-listed-no-answer squash-root-not-listed-other
nfs_owner "$NFS_IP" /srv/share ".check-root-$stamp" || { nfs_cause; fail_t "squash-root-not-listed$nfs_cause" line="$nfs_detail" rc="$nfs_rc"; }
case "$nfs_uid" in
  0) fail_t squash-root-is-root ;;
  65534) [ "$nfs_gid" = 65534 ] || fail_t squash-root-group group="$(id_name "$nfs_gid")" ;;
  *) fail_t squash-root-owner owner="$(id_name "$nfs_uid")" ;;
esac
nfs_put "$NFS_IP" "/srv/share/.check-private-$stamp" 1001 1001 "deploy's private file"
# message keys: squash-deploy-write-fails-no-server squash-deploy-write-fails-no-export squash-deploy-write-fails-refused squash-deploy-write-fails-grace squash-deploy-write-fails-read-only squash-deploy-write-fails-no-answer squash-deploy-write-fails-other
[ "$nfs_rc" -eq 0 ] || { nfs_cause; fail_t "squash-deploy-write-fails$nfs_cause" line="$nfs_detail" rc="$nfs_rc"; }
# Under all_squash deploy is squashed too: the file is nobody's, and squashed root, nobody as
# well, reads it. That is the squash being too wide, not root getting through.
# message keys: squash-deploy-not-listed-no-server squash-deploy-not-listed-no-export squash-deploy-not-listed-refused squash-deploy-not-listed-grace squash-deploy-not-listed-read-only squash-deploy-not-listed-no-answer squash-deploy-not-listed-other
nfs_owner "$NFS_IP" /srv/share ".check-private-$stamp" || { nfs_cause; fail_t "squash-deploy-not-listed$nfs_cause" line="$nfs_detail" rc="$nfs_rc"; }
case "$nfs_uid" in
  1001) ;;
  65534) fail_t squash-all ;;
  *) fail_t squash-deploy-owner owner="$(id_name "$nfs_uid")" ;;
esac
nfs_try nfs-cat "$(nfs_url "$NFS_IP" "/srv/share/.check-private-$stamp" 0 0)"
[ "$nfs_rc" -ne 0 ] || fail_t squash-root-reads
pass_t squash-ok
