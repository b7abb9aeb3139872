set -eu
# On web1: deploy (1001) lists /srv/share, writes a file, reads the same bytes back, and the
# server keeps 1001 as its owner.
nfs_try nfs-ls "$(nfs_url "$NFS_IP" /srv/share 1001 1001)"
# message keys: rw-list-fails-no-server rw-list-fails-no-export rw-list-fails-refused rw-list-fails-grace rw-list-fails-read-only rw-list-fails-no-answer rw-list-fails-other
[ "$nfs_rc" -eq 0 ] || { nfs_cause; fail_t "rw-list-fails$nfs_cause" line="$nfs_detail" rc="$nfs_rc"; }
# nfs-cp creates its file exclusively (NFS4ERR_EXIST if it is there): a new name every run.
stamp=$(date +%s%N)
name=.check-web1-$stamp
token="written by web1 at $stamp"
nfs_put "$NFS_IP" "/srv/share/$name" 1001 1001 "$token"
# message keys: rw-write-fails-no-server rw-write-fails-no-export rw-write-fails-refused rw-write-fails-grace rw-write-fails-read-only rw-write-fails-no-answer rw-write-fails-other
[ "$nfs_rc" -eq 0 ] || { nfs_cause; fail_t "rw-write-fails$nfs_cause" line="$nfs_detail" rc="$nfs_rc"; }
nfs_try nfs-cat "$(nfs_url "$NFS_IP" "/srv/share/$name" 1001 1001)"
# message keys: rw-read-back-fails-no-server rw-read-back-fails-no-export rw-read-back-fails-refused rw-read-back-fails-grace rw-read-back-fails-read-only rw-read-back-fails-no-answer rw-read-back-fails-other
[ "$nfs_rc" -eq 0 ] || { nfs_cause; fail_t "rw-read-back-fails$nfs_cause" name="$name" line="$nfs_detail" rc="$nfs_rc"; }
case "$nfs_out" in
  "$token") ;;
  aaaa*) fail_t rw-mem-no-data ;;
  *) fail_t rw-read-back-differs token="$token" got="$(nfs_line)" ;;
esac
# message keys: rw-not-listed-no-server rw-not-listed-no-export rw-not-listed-refused rw-not-listed-grace rw-not-listed-read-only rw-not-listed-no-answer rw-not-listed-other
nfs_owner "$NFS_IP" /srv/share "$name" || { nfs_cause; fail_t "rw-not-listed$nfs_cause" name="$name" line="$nfs_detail" rc="$nfs_rc"; }
[ "$nfs_uid" = 1001 ] || fail_t rw-owner-squashed owner="$(id_name "$nfs_uid")"
pass_t rw-ok
