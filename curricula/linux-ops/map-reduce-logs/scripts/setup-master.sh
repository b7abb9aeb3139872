set -eu
# The master: root's SSH key pair (authorized on worker1 and worker2 by setup-worker.sh), the
# workers' host keys already trusted, an empty job folder, and one small sample shard to try a
# mapper on without ssh.
#
# LAB-ONLY KEY: see the note in setup-worker.sh. Public, for this lab's internal hosts only.
install -d -m 700 /root/.ssh
umask 077
cat > /root/.ssh/id_ed25519 <<'KEY'
-----BEGIN OPENSSH PRIVATE KEY-----
b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
QyNTUxOQAAACC/lSvEoiBjzykRjox/3mowasLdTINLWHkyyvHvXXcemAAAAKAKQfXACkH1
wAAAAAtzc2gtZWQyNTUxOQAAACC/lSvEoiBjzykRjox/3mowasLdTINLWHkyyvHvXXcemA
AAAEAJIKWsUOZYY/ruo8iBKAnNiZUOyujhcKDjfxFrueT2kb+VK8SiIGPPKRGOjH/eajBq
wt1Mg0tYeTLK8e9ddx6YAAAAFm9wc2xhYi1sYWItb25seUBtYXN0ZXIBAgMEBQYH
-----END OPENSSH PRIVATE KEY-----
KEY
printf '%s\n' 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIL+VK8SiIGPPKRGOjH/eajBqwt1Mg0tYeTLK8e9ddx6Y opslab-lab-only@master' > /root/.ssh/id_ed25519.pub
ssh-keyscan -T 5 worker1 worker2 > /root/.ssh/known_hosts 2>/dev/null
umask 022
chmod 644 /root/.ssh/id_ed25519.pub
[ "$(wc -l < /root/.ssh/known_hosts)" -ge 2 ] || broken "ssh-keyscan could not read the host keys of worker1 and worker2"
install -d -m 755 /root/mr
ssh -o BatchMode=yes -n root@worker1 'head -n 400 /data/logs/access-worker1-0.log' > /root/mr/sample.log
