set -eu
# N new connections to the VIP (vip_requests, lib/lvs.sh). Each real server answers
# "<name> <the source address it saw>".
N=8
dip=$DIRECTOR_PRIVATE_IP
# A timeout is explained by request-timeout (messages.yaml): the source NAT to the DIP.
vip_requests $N request-timeout dip="$dip"
# Whom each real server saw, request by request.
while read -r i who saw _; do
  case "$saw" in
    "$dip") ;;
    "$CLIENT_IP")
      fail_t rs-saw-client-routed i="$i" who="$who" client_ip="$CLIENT_IP" router_ip="$ROUTER_PRIVATE_IP" ;;
    *) fail_t rs-saw-wrong-source i="$i" who="$who" saw="$saw" dip="$dip" ;;
  esac
done <<ANSWERS
$vip_answers
ANSWERS
rs1=$(vip_count rs1) rs2=$(vip_count rs2)
vip_expect_even "$dip"
pass_t fullnat-ok rs1="$rs1" rs2="$rs2" n="$N" dip="$dip"
