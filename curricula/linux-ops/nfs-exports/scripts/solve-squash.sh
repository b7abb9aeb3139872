set -eu
# On nfs: root squashed to nobody:nogroup (65534) as kernel nfsd does, and a drop folder
# where every LAN host may write and every file becomes www-data's (33:33).
cat > /etc/ganesha/ganesha.conf <<CONF
NFS_CORE_PARAM {
    Protocols = 4;
    # RQUOTA (quotas over RPC) must register with rpcbind, which NFSv4 does not need;
    # without rpcbind running, Ganesha stops at start unless RQUOTA is off.
    Enable_RQUOTA = false;
}
NFSV4 {
    Graceless = true;
    Only_Numeric_Owners = true;
}
MEM {
    Inode_Size = 65536;
}
EXPORT {
    Export_Id = 1;
    Path = /srv/share;
    Pseudo = /srv/share;
    Access_Type = None;
    Squash = root_squash;
    Anonymous_Uid = 65534;
    Anonymous_Gid = 65534;
    FSAL { Name = MEM; }
    CLIENT { Clients = $WEB1_IP; Access_Type = RW; }
    CLIENT { Clients = $LAN_SUBNET; Access_Type = RO; }
}
EXPORT {
    Export_Id = 2;
    Path = /srv/drop;
    Pseudo = /srv/drop;
    Access_Type = None;
    Squash = all_squash;
    Anonymous_Uid = 33;
    Anonymous_Gid = 33;
    FSAL { Name = MEM; }
    CLIENT { Clients = $LAN_SUBNET; Access_Type = RW; }
}
CONF
# Only EXPORT blocks changed: SIGHUP makes Ganesha reread them (as exportfs -ra does for
# kernel nfsd), and FSAL MEM keeps its files. A change to NFS_CORE_PARAM needs a restart.
log=/var/log/ganesha/ganesha.log
if pgrep -x ganesha.nfsd >/dev/null; then
  done_before=$(grep -c 'Reread exports complete' "$log" || true)
  pkill -HUP -x ganesha.nfsd
  for _ in $(seq 25); do [ "$(grep -c 'Reread exports complete' "$log" || true)" -gt "$done_before" ] && break; sleep 0.2; done
else
  ganesha.nfsd -f /etc/ganesha/ganesha.conf -L "$log"
  for _ in $(seq 50); do ss -Hltn 'sport = :2049' | grep -q . && break; sleep 0.2; done
fi
tail -n 1 "$log"
