set -eu
# On web1: deploy (1001) lists /srv/share, writes a file, reads the same bytes back, and the
# server keeps 1001 as its owner.
nfs_try nfs-ls "$(nfs_url "$NFS_IP" /srv/share 1001 1001)"
[ "$nfs_rc" -eq 0 ] || fail_t rw-list-fails why="$(nfs_why)"
# nfs-cp creates its file exclusively (NFS4ERR_EXIST if it is there): a new name every run.
stamp=$(date +%s%N)
name=.check-web1-$stamp
token="written by web1 at $stamp"
nfs_put "$NFS_IP" "/srv/share/$name" 1001 1001 "$token"
[ "$nfs_rc" -eq 0 ] || fail_t rw-write-fails why="$(nfs_why)"
nfs_try nfs-cat "$(nfs_url "$NFS_IP" "/srv/share/$name" 1001 1001)"
[ "$nfs_rc" -eq 0 ] || fail_t rw-read-back-fails name="$name" why="$(nfs_why)"
case "$nfs_out" in
  "$token") ;;
  aaaa*) fail_t rw-mem-no-data ;;
  *) fail_t rw-read-back-differs token="$token" got="$(nfs_line)" ;;
esac
nfs_owner "$NFS_IP" /srv/share "$name" || fail_t rw-not-listed name="$name" why="$(nfs_why)"
[ "$nfs_uid" = 1001 ] || fail_t rw-owner-squashed owner="$(id_name "$nfs_uid")"
pass_t rw-ok
