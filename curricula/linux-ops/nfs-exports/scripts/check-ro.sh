set -eu
# On web2: deploy lists /srv/share, and the server refuses its write.
nfs_try nfs-ls "$(nfs_url "$NFS_IP" /srv/share 1001 1001)"
# message keys: ro-list-fails-no-server ro-list-fails-no-export ro-list-fails-refused ro-list-fails-grace ro-list-fails-read-only ro-list-fails-no-answer ro-list-fails-other
[ "$nfs_rc" -eq 0 ] || { nfs_cause; fail_t "ro-list-fails$nfs_cause" line="$nfs_detail" rc="$nfs_rc"; }
name=.check-web2-$(date +%s%N)
nfs_put "$NFS_IP" "/srv/share/$name" 1001 1001 "web2 must not write here"
[ "$nfs_rc" -ne 0 ] || fail_t ro-written name="$name"
case "$nfs_out" in
  *ROFS* | *"Read-only"* | *ACCESS* | *PERM* | *"ermission denied"*) ;;
  # message keys: ro-write-other-error-no-server ro-write-other-error-no-export ro-write-other-error-refused ro-write-other-error-grace ro-write-other-error-read-only ro-write-other-error-no-answer ro-write-other-error-other
  *) { nfs_cause; fail_t "ro-write-other-error$nfs_cause" line="$nfs_detail" rc="$nfs_rc"; } ;;
esac
pass_t ro-ok
