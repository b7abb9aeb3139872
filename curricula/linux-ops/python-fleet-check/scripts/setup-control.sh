set -eu
# The control node: root's SSH key pair (authorized on web1..web3 by setup-node.sh), the nodes'
# host keys already trusted (this exercise is about Python, not about first contact with ssh),
# and an empty project folder.
#
# LAB-ONLY KEY: see the note in setup-node.sh. Public, for this lab's internal hosts only.
install -d -m 700 /root/.ssh
umask 077
cat > /root/.ssh/id_ed25519 <<'KEY'
-----BEGIN OPENSSH PRIVATE KEY-----
b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
QyNTUxOQAAACCTU55crO5kFgKKHyxgqSCHl9UZZa8vhGO1fWSjzOk4tAAAAKCNTkMPjU5D
DwAAAAtzc2gtZWQyNTUxOQAAACCTU55crO5kFgKKHyxgqSCHl9UZZa8vhGO1fWSjzOk4tA
AAAECy6a2KIbs2aepRu/yzKq1Itv7pLUO5UHkeJAx2bwAyJ5NTnlys7mQWAoofLGCpIIeX
1Rllry+EY7V9ZKPM6Ti0AAAAF29wc2xhYi1sYWItb25seUBjb250cm9sAQIDBAUG
-----END OPENSSH PRIVATE KEY-----
KEY
printf '%s\n' 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJNTnlys7mQWAoofLGCpIIeX1Rllry+EY7V9ZKPM6Ti0 opslab-lab-only@control' > /root/.ssh/id_ed25519.pub
ssh-keyscan -T 5 web1 web2 web3 > /root/.ssh/known_hosts 2>/dev/null
umask 022
chmod 644 /root/.ssh/id_ed25519.pub
[ "$(wc -l < /root/.ssh/known_hosts)" -ge 3 ] || broken "ssh-keyscan could not read the host keys of web1..web3"
install -d -m 755 /root/fleetcheck
