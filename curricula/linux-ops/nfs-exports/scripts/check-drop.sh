set -eu
# On web2: /srv/drop takes uploads from deploy and from root, and both belong to www-data
# (33:33) on the server.
stamp=$(date +%s%N)
for who in 1001 0; do
  name=.check-web2-$who-$stamp
  nfs_put "$NFS_IP" "/srv/drop/$name" "$who" "$who" "uploaded by $who"
  [ "$nfs_rc" -eq 0 ] || fail "$(id_name "$who") on web2 cannot write to nfs:/srv/drop: $(nfs_why); every LAN host may write there"
  nfs_owner "$NFS_IP" /srv/drop "$name" || fail "nfs-ls does not show the upload: $(nfs_why)"
  [ "$nfs_uid:$nfs_gid" = 33:33 ] ||
    fail "a file $(id_name "$who") uploaded to /srv/drop belongs to $(id_name "$nfs_uid"):$nfs_gid, not www-data (33:33): Squash = all_squash with Anonymous_Uid = 33 and Anonymous_Gid = 33 in that export$( [ "$nfs_uid" = 65534 ] && printf '%s' " (or NFSv4 sent the owner as a name, www-data@localdomain, which the client cannot map back: NFSV4 { Only_Numeric_Owners = true; })")"
done
pass "uploads to /srv/drop from deploy and from root both belong to www-data (33:33)"
