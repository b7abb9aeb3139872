set -eu
# The FTP user, with a file to download.
useradd -m -s /bin/bash alice
echo 'alice:ftp-Alice-24' | chpasswd
echo 'welcome to the lab FTP server, alice' > /home/alice/welcome.txt
chown alice:alice /home/alice/welcome.txt
# The network team's firewall in front of ftp: the control port 21, the passive range
# 40000-40100, replies, ping and loopback. Everything else is dropped.
iptables -A INPUT -i lo -j ACCEPT
iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
iptables -A INPUT -p tcp --dport 21 -j ACCEPT
iptables -A INPUT -p tcp --dport 40000:40100 -j ACCEPT
iptables -A INPUT -p icmp -j ACCEPT
iptables -P INPUT DROP
