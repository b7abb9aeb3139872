set -eu
# Runs on lb1 and lb2: the same file but for state and priority.
case "$OPSLAB_HOST" in
  lb1) state=MASTER prio=150 peer=$LB2_IP ;;
  *) state=BACKUP prio=100 peer=$LB1_IP ;;
esac
cat > /etc/keepalived/keepalived.conf <<CONF
global_defs {
    router_id $OPSLAB_HOST
}

vrrp_instance VI_1 {
    state $state
    interface eth0
    virtual_router_id 51
    priority $prio
    advert_int 1
    # This lab's network drops multicast (as most clouds do): adverts go to the peer.
    unicast_peer {
        $peer
    }
    authentication {
        auth_type PASS
        auth_pass opslab51
    }
    virtual_ipaddress {
        $VIP/32 dev eth0
    }
}

virtual_server $VIP 80 {
    delay_loop 2
    lb_algo rr
    lb_kind DR
    protocol TCP

    real_server $RS1_IP 80 {
        weight 1
        HTTP_GET {
            url {
                path /
                status_code 200
            }
            connect_timeout 2
            retry 1
            delay_before_retry 1
        }
    }
    real_server $RS2_IP 80 {
        weight 1
        HTTP_GET {
            url {
                path /
                status_code 200
            }
            connect_timeout 2
            retry 1
            delay_before_retry 1
        }
    }
}
CONF
keepalived -t
# Restart cleanly: stop a running keepalived (its main process), then start it detached,
# logging to a file.
for pid in $(pgrep -x keepalived || true); do
  [ "$(ps -o comm= -p "$(ps -o ppid= -p "$pid" | tr -d ' ')" 2>/dev/null)" = keepalived ] || kill "$pid" 2>/dev/null || true
done
i=0
while pgrep -x keepalived >/dev/null && [ "$i" -lt 50 ]; do sleep 0.2; i=$((i + 1)); done
setsid -f keepalived -n -l -D </dev/null >>/var/log/keepalived.log 2>&1
sleep 5
tail -n 20 /var/log/keepalived.log
ipvsadm -Ln
