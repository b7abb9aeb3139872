set -eu
# IPVS connections go through netfilter's connection tracking only with vs.conntrack=1; the
# nat table (SNAT) acts on tracked connections only.
sysctl -w net.ipv4.vs.conntrack=1
rule="-m ipvs --vaddr $VIP/32 --vport 80 --vmethod masq -j SNAT --to-source $DIRECTOR_PRIVATE_IP"
iptables -t nat -C POSTROUTING $rule 2>/dev/null || iptables -t nat -A POSTROUTING $rule
iptables -t nat -S POSTROUTING
