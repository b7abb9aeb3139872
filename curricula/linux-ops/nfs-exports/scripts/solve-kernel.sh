set -eu
# On nfs: the same policy for kernel nfsd, parsed by exportfs (no kernel nfsd here to load
# it), and NFSv3's rpcbind + mountd so that showmount -e works against Ganesha.
# exportfs checks that each directory exists (Ganesha's MEM exports needed none).
mkdir -p /srv/share /srv/drop
cat > /etc/exports <<EXPORTS
/srv/share  $WEB1_IP(rw,sync,no_subtree_check) $LAN_SUBNET(ro,sync,no_subtree_check)
/srv/drop   $LAN_SUBNET(rw,sync,no_subtree_check,all_squash,anonuid=33,anongid=33)
EXPORTS
exportfs -ra
exportfs -v
# rpcbind first, then Ganesha with v3 as well, so that it registers mountd with rpcbind.
pgrep -x rpcbind >/dev/null || rpcbind -w
# NLM (NFSv3 locking) would also need rpc.statd: left off in the lab.
sed -i 's/Protocols = 4;/Protocols = 3, 4;\n    Enable_NLM = false;/' /etc/ganesha/ganesha.conf
# Ganesha reads its file only at start (and FSAL MEM forgets its files at a stop).
if pkill -x ganesha.nfsd; then
  while pgrep -x ganesha.nfsd >/dev/null; do sleep 0.2; done
fi
ganesha.nfsd -f /etc/ganesha/ganesha.conf -L /var/log/ganesha/ganesha.log
for _ in $(seq 50); do ss -Hltn 'sport = :2049' | grep -q . && break; sleep 0.2; done
rpcinfo -p | grep -E 'mountd|nfs'
