set -eu
mkdir -p /root/answers
readlink /proc/1/ns/net | tee /root/answers/netns
cat /proc/self/uid_map
awk '$1 == 0 { print $2 }' /proc/self/uid_map | tee /root/answers/outside-uid
