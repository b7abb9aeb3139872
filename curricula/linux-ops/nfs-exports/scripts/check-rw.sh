set -eu
# On web1: deploy (1001) lists /srv/share, writes a file, reads the same bytes back, and the
# server keeps 1001 as its owner.
nfs_try nfs-ls "$(nfs_url "$NFS_IP" /srv/share 1001 1001)"
[ "$nfs_rc" -eq 0 ] || fail "web1 cannot list nfs:/srv/share as deploy (1001): $(nfs_why)"
# nfs-cp creates its file exclusively (NFS4ERR_EXIST if it is there): a new name every run.
stamp=$(date +%s%N)
name=.check-web1-$stamp
token="written by web1 at $stamp"
nfs_put "$NFS_IP" "/srv/share/$name" 1001 1001 "$token"
[ "$nfs_rc" -eq 0 ] || fail "web1 lists /srv/share but cannot write to it as deploy (1001): $(nfs_why); web1 must be read-write"
nfs_try nfs-cat "$(nfs_url "$NFS_IP" "/srv/share/$name" 1001 1001)"
[ "$nfs_rc" -eq 0 ] || fail "web1 wrote /srv/share/$name but cannot read it back: $(nfs_why)"
case "$nfs_out" in
  "$token") ;;
  aaaa*) fail "the file came back as a row of 'a's: FSAL MEM keeps file data only with MEM { Inode_Size = 65536; } (bytes per file) in ganesha.conf" ;;
  *) fail "web1 wrote '$token' but read back '$(nfs_line)'" ;;
esac
nfs_owner "$NFS_IP" /srv/share "$name" || fail "web1 wrote $name but nfs-ls does not show it: $(nfs_why)"
[ "$nfs_uid" = 1001 ] || fail "the file deploy (1001) wrote from web1 belongs to $(id_name "$nfs_uid") on the server: /srv/share must keep users' own ids (no all_squash there)"
pass "web1 writes to nfs:/srv/share as deploy (1001) and reads the same bytes back"
