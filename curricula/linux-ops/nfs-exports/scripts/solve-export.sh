set -eu
# On nfs: one export, /srv/share, kept in memory by FSAL MEM (FSAL VFS needs a capability a
# lab host does not have). Nobody gets in unless a CLIENT block says so; the first block that
# matches a client decides, so web1's RW comes before the LAN's RO.
cat > /etc/ganesha/ganesha.conf <<CONF
NFS_CORE_PARAM {
    Protocols = 4;
    # RQUOTA (quotas over RPC) must register with rpcbind, which NFSv4 does not need;
    # without rpcbind running, Ganesha stops at start unless RQUOTA is off.
    Enable_RQUOTA = false;
}
NFSV4 {
    # No clients to recover state for after a restart: skip the 90 s grace period.
    Graceless = true;
    # Owners as numbers (1001), as kernel nfsd sends them with sec=sys, not names
    # (deploy@localdomain) that the clients would have to map back.
    Only_Numeric_Owners = true;
}
MEM {
    # Bytes of data FSAL MEM keeps per file (0 by default: reads would return filler).
    Inode_Size = 65536;
}
EXPORT {
    Export_Id = 1;
    Path = /srv/share;
    Pseudo = /srv/share;
    Access_Type = None;
    Squash = root_squash;
    FSAL { Name = MEM; }
    CLIENT { Clients = $WEB1_IP; Access_Type = RW; }
    CLIENT { Clients = $LAN_SUBNET; Access_Type = RO; }
}
CONF
# Ganesha reads its file only at start (and FSAL MEM forgets its files at a stop).
if pkill -x ganesha.nfsd; then
  while pgrep -x ganesha.nfsd >/dev/null; do sleep 0.2; done
fi
ganesha.nfsd -f /etc/ganesha/ganesha.conf -L /var/log/ganesha/ganesha.log
for _ in $(seq 50); do ss -Hltn 'sport = :2049' | grep -q . && break; sleep 0.2; done
ss -ltn 'sport = :2049'
