set -eu
# On web2: deploy lists /srv/share, and the server refuses its write.
nfs_try nfs-ls "$(nfs_url "$NFS_IP" /srv/share 1001 1001)"
[ "$nfs_rc" -eq 0 ] || fail "web2 cannot list nfs:/srv/share as deploy (1001): $(nfs_why); every LAN host may read"
name=.check-web2-$(date +%s%N)
nfs_put "$NFS_IP" "/srv/share/$name" 1001 1001 "web2 must not write here"
[ "$nfs_rc" -ne 0 ] || fail "web2 wrote /srv/share/$name: the export is read-write for web2 (the first CLIENT block that matches a client decides; put web1's RW before the LAN's RO)"
case "$nfs_out" in
  *ROFS* | *"Read-only"* | *ACCESS* | *PERM* | *"ermission denied"*) ;;
  *) fail "web2's write failed, but not because the export is read-only: $(nfs_why)" ;;
esac
pass "web2 reads nfs:/srv/share and the server refuses its writes"
