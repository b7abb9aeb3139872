set -eu
# On web2: /srv/drop takes uploads from deploy and from root, and both belong to www-data
# (33:33) on the server.
stamp=$(date +%s%N)
for who in 1001 0; do
  name=.check-web2-$who-$stamp
  nfs_put "$NFS_IP" "/srv/drop/$name" "$who" "$who" "uploaded by $who"
  [ "$nfs_rc" -eq 0 ] || fail_t drop-write-fails who="$(id_name "$who")" why="$(nfs_why)"
  nfs_owner "$NFS_IP" /srv/drop "$name" || fail_t drop-upload-not-listed why="$(nfs_why)"
  if [ "$nfs_uid:$nfs_gid" != 33:33 ]; then
    # nobody can also mean an owner sent as a name the client could not map: a second message.
    [ "$nfs_uid" != 65534 ] ||
      fail_t drop-owner-nobody who="$(id_name "$who")" owner="$(id_name "$nfs_uid")" nfs_gid="$nfs_gid"
    fail_t drop-owner-wrong who="$(id_name "$who")" owner="$(id_name "$nfs_uid")" nfs_gid="$nfs_gid"
  fi
done
pass_t drop-ok
