# Functions shared by the nfs-exports scripts (functions only: sent before each script).
# The clients are libnfs's user-space tools: a lab host may not mount, so nfs-ls, nfs-cp and
# nfs-cat speak NFS themselves. ?uid=&gid= in the URL is the identity sent with sec=sys.

# nfs_url SERVER PATH UID GID: an NFSv4 URL that acts as UID:GID.
nfs_url() {
  printf 'nfs://%s%s?version=4&uid=%s&gid=%s' "$1" "$2" "$3" "$4"
}

# nfs_try CMD...: runs a libnfs command with a time limit; sets $nfs_out (stdout and stderr)
# and $nfs_rc.
nfs_try() {
  nfs_rc=0
  nfs_out=$(timeout 8 "$@" 2>&1) || nfs_rc=$?
}

# nfs_cause: after a failed libnfs command, sets $nfs_cause to the suffix of the message key that
# names its cause in $nfs_out (-no-server, -no-export, -refused, -grace, -read-only, -no-answer,
# -other) and $nfs_detail to the first line of $nfs_out. Each check has one message per cause
# (drop-write-fails-refused ...), so that each reads as one sentence in every language.
nfs_cause() {
  nfs_detail=$(nfs_line)
  case "$nfs_out" in
    *"onnection refused"* | *ECONNREFUSED* | *"nfs_service failed"*) nfs_cause=-no-server ;;
    *NFS4ERR_NOENT* | *"No such file"* | *MNT3ERR_NOENT*) nfs_cause=-no-export ;;
    *NFS4ERR_ACCESS* | *NFS4ERR_PERM* | *"ermission denied"* | *MNT3ERR_ACCES* | *NFS4ERR_WRONGSEC*) nfs_cause=-refused ;;
    *NFS4ERR_GRACE*) nfs_cause=-grace ;;
    *NFS4ERR_ROFS* | *"Read-only"*) nfs_cause=-read-only ;;
    "") nfs_cause=-no-answer ;;
    *) nfs_cause=-other ;;
  esac
}

# nfs_line: the first line of $nfs_out, shortened.
nfs_line() {
  printf '%s\n' "$nfs_out" | head -n 1 | cut -c1-160
}

# nfs_owner SERVER DIR NAME: sets $nfs_uid and $nfs_gid of NAME in DIR as the server reports
# them (nfs-ls prints uid and gid as numbers; -2 is 4294967294, Ganesha's default anonymous id).
nfs_owner() {
  nfs_uid='' nfs_gid=''
  nfs_try nfs-ls "$(nfs_url "$1" "$2" 0 0)"
  [ "$nfs_rc" -eq 0 ] || return 1
  set -- $(printf '%s\n' "$nfs_out" | awk -v n="$3" '$NF == n { print $3, $4; exit }')
  nfs_uid=${1:-} nfs_gid=${2:-}
  [ -n "$nfs_uid" ]
}

# nfs_put SERVER PATH UID GID TEXT: writes TEXT to PATH as UID:GID; sets $nfs_out, $nfs_rc.
nfs_put() {
  local tmp
  tmp=$(mktemp)
  printf '%s\n' "$5" > "$tmp"
  nfs_try nfs-cp "$tmp" "$(nfs_url "$1" "$2" "$3" "$4")"
  rm -f "$tmp"
}

# id_name N: "nobody (65534)", "root (0)", "Ganesha's default anonymous id -2" for a number.
id_name() {
  case "$1" in
    0) printf 'root (0)' ;;
    65534) printf 'nobody (65534)' ;;
    33) printf 'www-data (33)' ;;
    -2 | 4294967294) printf "Ganesha's default anonymous id -2 (4294967294)" ;;
    *) printf '%s' "$1" ;;
  esac
}
