set -eu
# On web1: root's writes land as nobody (65534:65534), and squashed root cannot read a
# private file of deploy's (mode 0660, as nfs-cp creates it). nfs-cp creates its files
# exclusively, so every run uses new names.
stamp=$(date +%s%N)
nfs_put "$NFS_IP" "/srv/share/.check-root-$stamp" 0 0 "root on web1"
[ "$nfs_rc" -eq 0 ] || fail "root on web1 cannot create a file in /srv/share: $(nfs_why)"
nfs_owner "$NFS_IP" /srv/share ".check-root-$stamp" || fail "nfs-ls does not show the file root wrote: $(nfs_why)"
case "$nfs_uid" in
  0) fail "root on web1 created a file owned by root (0) on the server: that is no_root_squash, and any client's root could plant setuid-root programs or take every file; use Squash = root_squash" ;;
  65534) [ "$nfs_gid" = 65534 ] || fail "root's file belongs to nobody but group $(id_name "$nfs_gid"): Anonymous_Gid = 65534 (nogroup)" ;;
  *) fail "root's file belongs to $(id_name "$nfs_uid"), not nobody (65534): set Anonymous_Uid = 65534 and Anonymous_Gid = 65534, the ids kernel nfsd and Debian use" ;;
esac
nfs_put "$NFS_IP" "/srv/share/.check-private-$stamp" 1001 1001 "deploy's private file"
[ "$nfs_rc" -eq 0 ] || fail "deploy (1001) on web1 cannot write to /srv/share: $(nfs_why)"
nfs_try nfs-cat "$(nfs_url "$NFS_IP" "/srv/share/.check-private-$stamp" 0 0)"
[ "$nfs_rc" -ne 0 ] || fail "root on web1 read a private file of deploy's (mode 0660): root is not squashed"
pass "root on web1 is squashed to nobody (65534:65534) and cannot read deploy's private files"
