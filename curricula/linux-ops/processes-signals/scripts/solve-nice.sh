set -eu
renice -n 15 -p "$(pgrep -x reindex)"
ps -o pid,ni,comm -C reindex
