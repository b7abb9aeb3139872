set -eu
# Ten more source addresses for client ($CLIENT2 and the nine after it), so that sh and
# persistence can be seen from several "clients": curl --interface ADDR picks one.
base=${CLIENT2%.*}
last=${CLIENT2##*.}
i=0
while [ "$i" -lt 10 ]; do
  ip addr replace "$base.$((last + i))/$PUBLIC_PREFIX" dev eth0
  i=$((i + 1))
done
ip -br -4 addr show dev eth0
