set -eu
# On web2: /srv/drop takes uploads from deploy and from root, and both belong to www-data
# (33:33) on the server.
stamp=$(date +%s%N)
for who in 1001 0; do
  name=.check-web2-$who-$stamp
  nfs_put "$NFS_IP" "/srv/drop/$name" "$who" "$who" "uploaded by $who"
  # message keys: drop-write-fails-no-server drop-write-fails-no-export drop-write-fails-refused drop-write-fails-grace drop-write-fails-read-only drop-write-fails-no-answer drop-write-fails-other
  [ "$nfs_rc" -eq 0 ] || { nfs_cause; fail_t "drop-write-fails$nfs_cause" who="$(id_name "$who")" line="$nfs_detail" rc="$nfs_rc"; }
  # message keys: drop-upload-not-listed-no-server drop-upload-not-listed-no-export drop-upload-not-listed-refused drop-upload-not-listed-grace drop-upload-not-listed-read-only drop-upload-not-listed-no-answer drop-upload-not-listed-other
  nfs_owner "$NFS_IP" /srv/drop "$name" || { nfs_cause; fail_t "drop-upload-not-listed$nfs_cause" line="$nfs_detail" rc="$nfs_rc"; }
  if [ "$nfs_uid:$nfs_gid" != 33:33 ]; then
    # nobody can also mean an owner sent as a name the client could not map: a second message.
    [ "$nfs_uid" != 65534 ] ||
      fail_t drop-owner-nobody who="$(id_name "$who")" owner="$(id_name "$nfs_uid")" nfs_gid="$nfs_gid"
    fail_t drop-owner-wrong who="$(id_name "$who")" owner="$(id_name "$nfs_uid")" nfs_gid="$nfs_gid"
  fi
done
pass_t drop-ok
