set -eu
# The job: ship the mapper and reducer to the workers, map every shard there in parallel and
# combine on the worker (only partial sums cross the network), then shuffle (sort) and reduce
# the partial sums on master.
cat > /root/mr/run-job <<'SH'
#!/bin/bash
set -eu
cd /root/mr
workers="worker1 worker2"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pids=()
for w in $workers; do
  (
    ssh -o BatchMode=yes "root@$w" 'mkdir -p /tmp/mr'
    scp -q -o BatchMode=yes mapper reducer "root@$w:/tmp/mr/"
    # on the worker: one mapper per shard, 2 at a time, then sort and combine locally
    ssh -o BatchMode=yes -n "root@$w" '
      set -e
      out=$(mktemp -d)
      ls /data/logs/*.log | xargs -P 2 -I {} sh -c "/tmp/mr/mapper < {} > $out/\$(basename {}).map"
      cat "$out"/*.map | LC_ALL=C sort | /tmp/mr/reducer
      rm -rf "$out"'
  ) > "$tmp/$w.part" &
  pids+=($!)
done
for p in "${pids[@]}"; do wait "$p"; done   # wait PID returns that worker's status: set -e stops on a failure
cat "$tmp"/*.part | LC_ALL=C sort | ./reducer
SH
chmod 755 /root/mr/run-job
/root/mr/run-job | sort -t "$(printf '\t')" -k2,2nr | head -n 5
