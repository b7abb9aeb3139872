set -eu
# On web2: deploy lists /srv/share, and the server refuses its write.
nfs_try nfs-ls "$(nfs_url "$NFS_IP" /srv/share 1001 1001)"
[ "$nfs_rc" -eq 0 ] || fail_t ro-list-fails why="$(nfs_why)"
name=.check-web2-$(date +%s%N)
nfs_put "$NFS_IP" "/srv/share/$name" 1001 1001 "web2 must not write here"
[ "$nfs_rc" -ne 0 ] || fail_t ro-written name="$name"
case "$nfs_out" in
  *ROFS* | *"Read-only"* | *ACCESS* | *PERM* | *"ermission denied"*) ;;
  *) fail_t ro-write-other-error why="$(nfs_why)" ;;
esac
pass_t ro-ok
