set -eu
# On web1: root's writes land as nobody (65534:65534), and squashed root cannot read a
# private file of deploy's (mode 0660, as nfs-cp creates it). nfs-cp creates its files
# exclusively, so every run uses new names.
stamp=$(date +%s%N)
nfs_put "$NFS_IP" "/srv/share/.check-root-$stamp" 0 0 "root on web1"
[ "$nfs_rc" -eq 0 ] || fail_t squash-root-write-fails why="$(nfs_why)"
nfs_owner "$NFS_IP" /srv/share ".check-root-$stamp" || fail_t squash-root-not-listed why="$(nfs_why)"
case "$nfs_uid" in
  0) fail_t squash-root-is-root ;;
  65534) [ "$nfs_gid" = 65534 ] || fail_t squash-root-group group="$(id_name "$nfs_gid")" ;;
  *) fail_t squash-root-owner owner="$(id_name "$nfs_uid")" ;;
esac
nfs_put "$NFS_IP" "/srv/share/.check-private-$stamp" 1001 1001 "deploy's private file"
[ "$nfs_rc" -eq 0 ] || fail_t squash-deploy-write-fails why="$(nfs_why)"
# Under all_squash deploy is squashed too: the file is nobody's, and squashed root, nobody as
# well, reads it. That is the squash being too wide, not root getting through.
nfs_owner "$NFS_IP" /srv/share ".check-private-$stamp" || fail_t squash-deploy-not-listed why="$(nfs_why)"
case "$nfs_uid" in
  1001) ;;
  65534) fail_t squash-all ;;
  *) fail_t squash-deploy-owner owner="$(id_name "$nfs_uid")" ;;
esac
nfs_try nfs-cat "$(nfs_url "$NFS_IP" "/srv/share/.check-private-$stamp" 0 0)"
[ "$nfs_rc" -ne 0 ] || fail_t squash-root-reads
pass_t squash-ok
