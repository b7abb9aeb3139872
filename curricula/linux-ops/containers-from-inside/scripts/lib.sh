# Shared by this exercise's scripts (the exercise's `prelude`): functions only, nothing runs here.

# cg_file V1_DIR V1_FILE V2_FILE: this container's cgroup file, on cgroup v2 or v1.
cg_file() {
  if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
    rel=$(sed -n 's/^0:://p' /proc/self/cgroup)
    for d in "/sys/fs/cgroup$rel" /sys/fs/cgroup; do [ -f "$d/$3" ] && { echo "$d/$3"; return 0; }; done
  elif [ -f "/sys/fs/cgroup/$1/$2" ]; then
    echo "/sys/fs/cgroup/$1/$2"; return 0
  fi
  return 1
}
