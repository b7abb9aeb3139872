#!/usr/bin/env bash
# Builds the opslab kernel VM image from Debian packages only, and caches it:
#   ${OPSLAB_CACHE:-/var/cache/opslab}/vm/<content-hash>/{vmlinux,initrd.img,disk.raw,manifest.json}
# The hash covers the recipe files (this folder, Markdown aside), the kernel package version, the versions of
# the key guest packages, and the IDs of the preloaded images; an unchanged recipe is not rebuilt.
#
# usage: images/vm/build.sh [IMAGE_REF...]
#   IMAGE_REF: images on the host engine to preload into the guest's Docker (default:
#   opslab/lab:latest, else debian:bookworm; `opslab vm build` builds the lab image first).
# env: OPSLAB_CACHE, OPSLAB_DEBIAN_MIRROR (default http://deb.debian.org/debian),
#   OPSLAB_VM_KERNEL_SUITE (a suite of the mirror; default bookworm-backports: 6.12, whose IPVS lets a container's root
#   set net.ipv4.vs.conntrack, which full NAT needs; 6.1 hides every IPVS sysctl from it),
#   DOCKER_HOST (unix:// only; default /var/run/docker.sock), OPSLAB_VM_KEEP_WORK=1 (debugging).
# The last line on stdout is `OPSLAB_VM_DIR=<dir>`; progress goes to stderr.
set -eu
set -o pipefail

RECIPE=$(cd "$(dirname "$0")" && pwd)
CACHE_ROOT="${OPSLAB_CACHE:-/var/cache/opslab}/vm"
MIRROR="${OPSLAB_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
HOST_SOCK=/var/run/docker.sock
case "${DOCKER_HOST:-}" in unix://*) HOST_SOCK=${DOCKER_HOST#unix://} ;; esac
KEEP_BUILDS=2
KSUITE="${OPSLAB_VM_KERNEL_SUITE:-bookworm-backports}"
export PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:$PATH"
export DEBIAN_FRONTEND=noninteractive LC_ALL=C

T0=$(date +%s.%N)
PHASE="" PHASE_T=""
say() { echo "[vm-build] $*" >&2; }
die() { say "error: $*"; exit 1; }
elapsed() { echo "$(date +%s.%N) $1" | awk '{printf "%.1f", $1 - $2}'; }
phase_end() { [ -z "$PHASE" ] || say "phase $PHASE done in $(elapsed "$PHASE_T") s"; PHASE=""; }
phase() { phase_end; PHASE=$1; PHASE_T=$(date +%s.%N); say "phase $1: $2"; }

# ---- host API (the host engine's Docker, through its unix socket) -------------------------
host_api() { curl -sS --fail-with-body --unix-socket "$HOST_SOCK" "$@"; }
host_image_id() {
  host_api "http://d/images/$1/json" 2>/dev/null | grep -o '"Id":"sha256:[0-9a-f]*"' | head -1 | cut -d'"' -f4
}

# ---- phase: host packages -------------------------------------------------------------------
ensure_host_tools() {
  local missing="" pair
  for pair in qemu-system-x86_64:qemu-system-x86 qemu-img:qemu-utils debootstrap:debootstrap mkfs.ext4:e2fsprogs \
    cpio:cpio depmod:kmod xz:xz-utils zstd:zstd curl:curl flock:util-linux dpkg-deb:dpkg openssl:openssl; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || missing="$missing ${pair#*:}"
  done
  busybox_static_installed || missing="$missing busybox-static"
  if [ -n "$missing" ]; then
    say "installing:$missing"
    apt_ready
    apt-get install -y -qq --no-install-recommends $missing >&2 || die "apt-get install$missing failed"
  fi
  busybox_static_installed || die "busybox-static did not install"
}
# busybox-static replaces busybox: /bin/busybox is then the static one the initramfs needs.
busybox_static_installed() {
  [ -x /bin/busybox ] && dpkg-query -W -f '${Status}' busybox-static 2>/dev/null | grep -q 'ok installed'
}
APT_UPDATED=0
# Package lists must exist and be fresh (updated by us within a day): the hash takes the
# candidate versions from them, and stale lists name .debs the mirror no longer has.
apt_ready() {
  [ "$APT_UPDATED" = 1 ] && return 0
  local stamp="$CACHE_ROOT/.apt-updated"
  if [ -z "$(apt-cache policy linux-image-amd64 2>/dev/null | awk '/Candidate:/ && $2 != "(none)"')" ] \
    || [ -z "$(find "$stamp" -mmin -1440 2>/dev/null)" ]; then
    say "apt-get update"
    apt-get update -qq >&2 || die "apt-get update failed"
    touch "$stamp"
  fi
  APT_UPDATED=1
}
candidate() { apt-cache policy "$1" | awk '/Candidate:/ {print $2; exit}'; }

# ---- the inputs of the content hash ------------------------------------------------------------
# The kernel comes from its own suite, through an apt state of our own (the host's sources and
# package lists stay as they are): KAPT is apt-get/apt-cache's options for it.
KAPT_DIR="$CACHE_ROOT/.apt-kernel"
KAPT=(-o "Dir::Etc::sourcelist=$KAPT_DIR/sources.list" -o Dir::Etc::sourceparts=- -o "Dir::State::Lists=$KAPT_DIR/lists" -o "Dir::Cache=$KAPT_DIR/cache")
kapt_ready() {
  mkdir -p "$KAPT_DIR/lists/partial" "$KAPT_DIR/cache/archives/partial"
  local src="deb $MIRROR $KSUITE main"
  if [ "$(cat "$KAPT_DIR/sources.list" 2>/dev/null)" != "$src" ] || [ -z "$(find "$KAPT_DIR/.updated" -mmin -1440 2>/dev/null)" ]; then
    echo "$src" > "$KAPT_DIR/sources.list"
    say "apt-get update ($KSUITE, for the kernel)"
    apt-get "${KAPT[@]}" update -qq >&2 || die "apt-get update of $KSUITE failed"
    touch "$KAPT_DIR/.updated"
  fi
}
resolve_kernel() {
  apt_ready
  kapt_ready
  KPKG=$(apt-cache "${KAPT[@]}" depends linux-image-amd64 | awk '/Depends: linux-image-[0-9.]+.*-amd64$/ {print $2; exit}')
  [ -n "$KPKG" ] || die "cannot resolve linux-image-amd64 of $KSUITE to a linux-image-*-amd64 package"
  KVER=$(apt-cache "${KAPT[@]}" policy "$KPKG" | awk '/Candidate:/ {print $2; exit}')
  KREL=${KPKG#linux-image-}
}

default_images() {
  local ref
  for ref in opslab/lab:latest debian:bookworm; do
    if [ -n "$(host_image_id "$ref")" ]; then echo "$ref"; return; fi
  done
  die "neither opslab/lab:latest nor debian:bookworm is on the host engine: run \`opslab setup\` or name images"
}

content_hash() {
  {
    (cd "$RECIPE" && find . -type f ! -name '*~' ! -name '*.md' | LC_ALL=C sort | xargs sha256sum)  # docs do not change the image
    echo "kernel $KPKG $KVER"
    local pkg
    for pkg in docker.io containerd golang-github-docker-docker-dev ipvsadm keepalived; do echo "$pkg $(candidate "$pkg")"; done
    echo "busybox $(dpkg-query -W -f '${Version}' busybox-static 2>/dev/null || echo unknown)"
    local i
    for i in "${!IMAGES[@]}"; do echo "image ${IMAGES[$i]} ${IMAGE_IDS[$i]}"; done
  } | sha256sum | cut -c1-16
}

# ---- phases that make the image --------------------------------------------------------------
fetch_kernel() {
  mkdir -p "$WORK/kernel"
  (cd "$WORK" && apt-get "${KAPT[@]}" download -q -o APT::Sandbox::User=root "$KPKG=$KVER" >&2) || die "apt-get download $KPKG failed"
  dpkg-deb -x "$WORK/${KPKG}_"*.deb "$WORK/kernel"
  local vmlinuz="$WORK/kernel/boot/vmlinuz-$KREL" pos
  # The bzImage holds a compressed vmlinux (xz in Debian's 6.1, zstd in 6.12): booting it
  # unpacked saves ~2 s per boot under TCG.
  pos=$(grep -obUaP '\xfd7zXZ\x00' "$vmlinuz" | head -1 | cut -d: -f1 || true)
  if [ -n "$pos" ]; then
    tail -c +$((pos + 1)) "$vmlinuz" | xz -dc --single-stream > "$WORK/out/vmlinux" 2>/dev/null || true
  else
    pos=$(grep -obUaP '\x28\xb5\x2f\xfd' "$vmlinuz" | head -1 | cut -d: -f1 || true)
    [ -n "$pos" ] || die "no xz or zstd payload in $vmlinuz"
    # zstd stops at the end of its frame; what follows in the bzImage is not its business.
    tail -c +$((pos + 1)) "$vmlinuz" | zstd -qdc > "$WORK/out/vmlinux" 2>/dev/null || true
  fi
  [ "$(head -c 4 "$WORK/out/vmlinux" | od -An -c | tr -d ' ')" = '177ELF' ] || die "could not extract vmlinux"
  rm -f "$WORK/${KPKG}_"*.deb
}

make_rootfs() {
  local pkgs
  pkgs=$(grep -v '^[[:space:]]*#' "$RECIPE/packages.txt" | tr -s ' \n' ',' | sed 's/^,//; s/,$//')
  debootstrap --variant=minbase --include="$pkgs" bookworm "$WORK/rootfs" "$MIRROR" > "$WORK/debootstrap.log" 2>&1 \
    || { tail -20 "$WORK/debootstrap.log" >&2; die "debootstrap failed (log: $WORK/debootstrap.log)"; }
}

configure_rootfs() {
  local R="$WORK/rootfs"
  mkdir -p "$R/usr/lib/modules"
  cp -a "$WORK/kernel/lib/modules/$KREL" "$R/usr/lib/modules/"
  depmod -b "$R" "$KREL"
  cp /bin/busybox "$R/usr/bin/busybox"
  install -m 0644 "$RECIPE/guest/inittab" "$R/etc/inittab"
  install -m 0755 "$RECIPE"/guest/opslab-* "$R/usr/local/sbin/"
  mkdir -p "$R/etc/opslab"
  install -m 0644 "$RECIPE/modules.txt" "$R/etc/opslab/modules"
  install -m 0644 "$RECIPE/guest/containerd.toml" "$R/etc/opslab/containerd.toml"
  # userns-remap=default: dockerd uses user dockremap and its subordinate id range.
  chroot "$R" /usr/sbin/useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin dockremap
  echo "dockremap:100000:65536" > "$R/etc/subuid"
  echo "dockremap:100000:65536" > "$R/etc/subgid"
  make_seccomp_profile "$R/etc/docker/opslab-seccomp.json"
  echo opslab-vm > "$R/etc/hostname"
  printf '127.0.0.1 localhost\n127.0.1.1 opslab-vm\n::1 localhost ip6-localhost ip6-loopback\n' > "$R/etc/hosts"
  : > "$R/etc/resolv.conf"
  echo "/dev/vda / ext4 rw,noatime 0 1" > "$R/etc/fstab"
  rm -rf "$R"/var/cache/apt/* "$R"/var/lib/apt/lists/* "$R"/usr/share/doc/* "$R"/usr/share/man/* \
    "$R"/usr/share/info/* "$R"/usr/share/locale/* "$R"/var/log/*.log "$R"/boot/*
}

# Docker's default seccomp profile (from Debian's copy of the Docker sources, same version as
# docker.io) with `socket` narrowed: no NETLINK_GENERIC. See guest/seccomp-socket-rules.json.
make_seccomp_profile() {
  local out=$1 deb src="$WORK/seccomp-default.json"
  (cd "$WORK" && apt-get download -q -o APT::Sandbox::User=root "golang-github-docker-docker-dev=$(candidate golang-github-docker-docker-dev)" >&2) \
    || die "apt-get download golang-github-docker-docker-dev failed"
  deb=$(ls "$WORK"/golang-github-docker-docker-dev_*.deb)
  dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/share/gocode/src/github.com/docker/docker/profiles/seccomp/default.json > "$src"
  rm -f "$deb"
  [ "$(grep -c '^[[:space:]]*"socket",$' "$src")" = 1 ] || die "unexpected seccomp default.json: \"socket\" is not listed exactly once"
  [ "$(grep -c '^[[:space:]]*"syscalls": \[$' "$src")" = 1 ] || die "unexpected seccomp default.json: no \"syscalls\" list"
  mkdir -p "$(dirname "$out")"
  sed -e '/^[[:space:]]*"socket",$/d' -e "/^[[:space:]]*\"syscalls\": \[\$/r $RECIPE/guest/seccomp-socket-rules.json" "$src" > "$out"
  if command -v node >/dev/null 2>&1; then
    node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' "$out" || die "the seccomp profile is not valid JSON"
  fi
}

make_initramfs() {
  local I="$WORK/initramfs" m
  mkdir -p "$I/bin" "$I/modules" "$I/proc" "$I/sys" "$I/dev" "$I/newroot"
  cp /bin/busybox "$I/bin/busybox"
  install -m 0755 "$RECIPE/initramfs-init" "$I/init"
  : > "$I/modules/order"
  for m in $(modprobe -a -d "$WORK/rootfs" -S "$KREL" --show-depends virtio_pci virtio_blk crc32c_generic ext4 | awk '$1 == "insmod" {print $2}' | awk '!seen[$0]++'); do
    # busybox insmod takes plain .ko files only; Debian's 6.12 ships .ko.xz.
    case "$m" in
      *.ko.xz) xz -dc "$m" > "$I/modules/$(basename "$m" .xz)" ;;
      *) cp "$m" "$I/modules/" ;;
    esac
    basename "${m%.xz}" >> "$I/modules/order"
  done
  # Uncompressed: decompressing under software emulation costs more than reading 5 MB.
  (cd "$I" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) > "$WORK/out/initrd.img"
}

make_disk() {
  local used_mib images_mib size_mib
  used_mib=$(du -sm "$WORK/rootfs" | cut -f1)
  images_mib=0
  # Loading through the booted guest needs room for the images (tar + layers); labs need room too.
  [ "${method:-}" != boot ] || images_mib=$(( 3 * IMAGES_BYTES / 1048576 ))
  size_mib=$(( (used_mib + images_mib + 2048 + 255) / 256 * 256 ))
  mkfs.ext4 -q -F -L opslab-root -d "$WORK/rootfs" -E lazy_itable_init=0,lazy_journal_init=0 \
    "$WORK/out/disk.raw" "${size_mib}M" >&2
  say "disk: ${size_mib} MiB sparse, rootfs ${used_mib} MiB"
}

free_port() {
  local p
  for p in $(shuf -i 20000-45000 -n 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
  die "no free port"
}

# Loads the images into the guest's /var/lib/docker before the disk is made: the guest's own
# dockerd binary runs on this machine, chrooted into the root file system, in private mount and
# network namespaces (no bridge, no iptables), with the guest's userns-remap range. Native
# speed: ~10x faster than loading through the booted guest under software emulation.
preload_chroot() {
  local R="$WORK/rootfs" run=/run/opslab-build dpid deadline out ref
  mkdir -p "$R$run"
  unshare --mount --net --propagation private /bin/sh -c '
    set -eu
    mount --bind "$1" "$1"   # dockerd unpacks layers in a chroot of its own: / must be a mount
    mount -t proc proc "$1/proc"
    mount -t sysfs sysfs "$1/sys"
    mount -t cgroup2 cgroup2 "$1/sys/fs/cgroup"
    mount --rbind /dev "$1/dev"
    mount -t tmpfs tmpfs "$1/tmp"
    exec chroot "$1" /usr/sbin/dockerd -H "unix://$2/docker.sock" --exec-root "$2/exec" --pidfile "$2/docker.pid" \
      --userns-remap=default --storage-driver=overlay2 --bridge=none --iptables=false --ip-masq=false \
      --ip-forward=false --log-level=error' sh "$R" "$run" > "$WORK/preload-dockerd.log" 2>&1 &
  dpid=$!
  deadline=$(( $(date +%s) + 60 ))
  until curl -sf -m 2 --unix-socket "$R$run/docker.sock" http://d/_ping > /dev/null 2>&1; do
    kill -0 "$dpid" 2>/dev/null || { tail -20 "$WORK/preload-dockerd.log" >&2; return 1; }
    [ "$(date +%s)" -lt "$deadline" ] || { kill "$dpid"; tail -20 "$WORK/preload-dockerd.log" >&2; return 1; }
    sleep 0.2
  done
  say "chrooted dockerd answers after $(elapsed "$PHASE_T") s; loading ${#IMAGES[@]} image(s), $(( IMAGES_BYTES / 1048576 )) MiB"
  local ok=1
  out=$(load_images_into "--unix-socket $R$run/docker.sock" http://d) || ok=0
  if [ "$ok" = 1 ]; then
    for ref in "${IMAGES[@]}"; do
      curl -sf --unix-socket "$R$run/docker.sock" "http://d/images/$ref/json" > /dev/null || { out="image $ref missing after load"; ok=0; }
    done
  fi
  kill -TERM "$dpid" 2>/dev/null || true
  deadline=$(( $(date +%s) + 30 ))
  while kill -0 "$dpid" 2>/dev/null; do
    [ "$(date +%s)" -lt "$deadline" ] || { kill -KILL "$dpid"; break; }
    sleep 0.2
  done
  wait "$dpid" 2>/dev/null || true
  [ "$ok" = 1 ] || { say "loading through the chrooted dockerd failed: $out"; return 1; }
  # What the guest's dockerd must make itself: its networks (it has a bridge), runtime state.
  rm -rf "$R$run" "$R"/var/lib/docker/*/network "$R"/var/lib/docker/network "$R"/var/lib/docker/*/tmp
  return 0
}

# POSTs `docker save` of IMAGES from the host engine to /images/load of another engine.
# $1: curl options to reach it, $2: its base URL. Prints the engine's answer.
load_images_into() {
  local args=() ref out
  for ref in "${IMAGES[@]}"; do args+=(--data-urlencode "names=$ref"); done
  # shellcheck disable=SC2086 # $1 holds several curl options on purpose
  out=$(host_api -G "${args[@]}" "http://d/images/get" \
    | curl -sS --fail-with-body $1 -X POST -H 'Content-Type: application/x-tar' -T - "$2/images/load?quiet=1" 2>&1) || { echo "$out"; return 1; }
  if echo "$out" | grep -q '"errorDetail"'; then echo "$out"; return 1; fi
  echo "$out"
}

# A CA, a server certificate for the guest's dockerd and a client certificate, in $1 (0700), for
# the one boot of preload_boot: the guest's Docker API speaks only TLS with client certificates
# (guest/opslab-dockerd). The server uses the platform's fw_cfg names (server/engine/vm/qemu.ts).
make_build_tls() {
  local d=$1 ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2)
  (umask 077 && mkdir -p "$d")
  openssl req -x509 "${ec[@]}" -keyout "$d/ca-key.pem" -out "$d/ca.pem" -subj "/CN=opslab vm build CA" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
  openssl req -x509 -CA "$d/ca.pem" -CAkey "$d/ca-key.pem" "${ec[@]}" -keyout "$d/server-key.pem" -out "$d/server-cert.pem" \
    -subj "/CN=opslab vm build dockerd" -addext basicConstraints=critical,CA:FALSE \
    -addext subjectAltName=IP:127.0.0.1,IP:10.0.2.15 -addext extendedKeyUsage=serverAuth 2>/dev/null
  openssl req -x509 -CA "$d/ca.pem" -CAkey "$d/ca-key.pem" "${ec[@]}" -keyout "$d/client-key.pem" -out "$d/client-cert.pem" \
    -subj "/CN=opslab vm build client" -addext basicConstraints=critical,CA:FALSE -addext extendedKeyUsage=clientAuth 2>/dev/null
  chmod 0600 "$d"/*
}

# Boots the new disk once, writable, loads the images through the guest's API, powers off.
preload_boot() {
  local port ctl="$WORK/ctl" console="$WORK/preload-console.log" qpid deadline tls="$WORK/tls" api
  port=$(free_port)
  make_build_tls "$tls" || die "openssl could not make the build's TLS certificates"
  api="--cacert $tls/ca.pem --cert $tls/client-cert.pem --key $tls/client-key.pem"
  mkfifo "$ctl"
  timeout 900 qemu-system-x86_64 -accel tcg,tb-size=256 -cpu max -M pc -m 2048 -smp 2 \
    -nodefaults -no-user-config -display none -monitor none -serial stdio -no-reboot \
    -kernel "$WORK/out/vmlinux" -initrd "$WORK/out/initrd.img" \
    -append "console=ttyS0 quiet panic=-1 mitigations=off" \
    -drive "file=$WORK/out/disk.raw,if=virtio,format=raw,cache=unsafe" \
    -netdev "user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:$port-10.0.2.15:2376" \
    -device virtio-net-pci,netdev=n0 \
    -device virtio-serial-pci,id=vser0 -chardev null,id=heartbeat \
    -device virtserialport,bus=vser0.0,chardev=heartbeat,name=org.opslab.heartbeat \
    -fw_cfg "name=opt/opslab/tls/ca.pem,file=$tls/ca.pem" \
    -fw_cfg "name=opt/opslab/tls/server-cert.pem,file=$tls/server-cert.pem" \
    -fw_cfg "name=opt/opslab/tls/server-key.pem,file=$tls/server-key.pem" < "$ctl" > "$console" 2>&1 &
  qpid=$!
  exec 7> "$ctl"
  deadline=$(( $(date +%s) + 180 ))
  # shellcheck disable=SC2086 # $api holds several curl options on purpose
  until curl -sf -m 2 $api "https://127.0.0.1:$port/_ping" > /dev/null 2>&1; do
    kill -0 "$qpid" 2>/dev/null || { tail -30 "$console" >&2; die "the VM exited before Docker answered"; }
    [ "$(date +%s)" -lt "$deadline" ] || { tail -30 "$console" >&2; kill "$qpid"; die "Docker in the VM did not answer within 180 s"; }
    sleep 0.5
  done
  say "guest Docker answers after $(elapsed "$PHASE_T") s; loading ${#IMAGES[@]} image(s), $(( IMAGES_BYTES / 1048576 )) MiB"
  local ref out
  out=$(load_images_into "$api" "https://127.0.0.1:$port") || { kill "$qpid"; die "loading images into the VM failed: $out"; }
  for ref in "${IMAGES[@]}"; do
    # shellcheck disable=SC2086
    curl -sf $api "https://127.0.0.1:$port/images/$ref/json" > /dev/null || { kill "$qpid"; die "image $ref missing in the VM after load"; }
  done
  say "images loaded after $(elapsed "$PHASE_T") s; powering off"
  echo poweroff >&7
  deadline=$(( $(date +%s) + 90 ))
  while kill -0 "$qpid" 2>/dev/null; do
    [ "$(date +%s)" -lt "$deadline" ] || { kill "$qpid"; die "the VM did not power off within 90 s"; }
    sleep 0.2
  done
  exec 7>&-
  wait "$qpid" || true
  grep -q 'opslab-vm: stopped' "$console" || { tail -20 "$console" >&2; die "the VM did not shut down cleanly"; }
}

write_manifest() {
  local i imgs=""
  for i in "${!IMAGES[@]}"; do
    imgs="$imgs${imgs:+,}{\"ref\":\"${IMAGES[$i]}\",\"id\":\"${IMAGE_IDS[$i]}\"}"
  done
  cat > "$WORK/out/manifest.json" <<EOF
{
  "hash": "$HASH",
  "kernelPackage": "$KPKG",
  "kernelVersion": "$KVER",
  "kernelRelease": "$KREL",
  "kernel": "vmlinux",
  "initrd": "initrd.img",
  "disk": "disk.raw",
  "diskFormat": "raw",
  "dockerPort": 2376,
  "dockerTls": true,
  "images": [$imgs],
  "preload": "$PRELOAD_METHOD",
  "builtAt": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "buildSeconds": $(elapsed "$T0")
}
EOF
}

prune_old_builds() {
  local old
  # Keep the newest builds; a VM running from a removed one keeps its open files.
  for old in $(ls -1dt "$CACHE_ROOT"/*/manifest.json 2>/dev/null | tail -n +$((KEEP_BUILDS + 1))); do
    say "removing old build $(dirname "$old")"
    rm -rf "$(dirname "$old")"
  done
}

main() {
  [ "$(id -u)" = 0 ] || die "run as root (debootstrap, chroot and apt-get need it)"
  mkdir -p "$CACHE_ROOT"
  exec 9> "$CACHE_ROOT/.build.lock"
  flock 9

  phase tools "host packages"
  ensure_host_tools
  phase inputs "kernel package, preloaded images, content hash"
  resolve_kernel
  IMAGES=("$@")
  [ "${#IMAGES[@]}" -gt 0 ] || IMAGES=("$(default_images)")
  IMAGE_IDS=() IMAGES_BYTES=0
  local ref id size
  for ref in "${IMAGES[@]}"; do
    id=$(host_image_id "$ref")
    [ -n "$id" ] || die "image $ref is not on the host engine ($HOST_SOCK)"
    case " ${IMAGE_IDS[*]} " in *" $id "*) size=0 ;; # another tag of an image already counted
      *) size=$(host_api "http://d/images/$ref/json" | grep -o '"Size":[0-9]*' | head -1 | cut -d: -f2) ;;
    esac
    IMAGE_IDS+=("$id")
    IMAGES_BYTES=$(( IMAGES_BYTES + ${size:-0} ))
  done
  HASH=$(content_hash)
  local dir="$CACHE_ROOT/$HASH"
  say "kernel $KPKG $KVER; images ${IMAGES[*]}; hash $HASH"
  if [ -f "$dir/manifest.json" ]; then
    phase_end
    say "cached: $dir (total $(elapsed "$T0") s)"
    echo "OPSLAB_VM_DIR=$dir"
    return 0
  fi

  WORK="$CACHE_ROOT/.work-$HASH"
  rm -rf "$WORK"
  mkdir -p "$WORK/out"
  [ "${OPSLAB_VM_KEEP_WORK:-0}" = 1 ] || trap 'rm -rf "$WORK"' EXIT
  phase kernel "download $KPKG and extract vmlinux"
  fetch_kernel
  phase rootfs "debootstrap bookworm (minbase + $(grep -cv '^[[:space:]]*#' "$RECIPE/packages.txt") packages)"
  make_rootfs
  phase configure "modules, guest init, dockremap"
  configure_rootfs
  local method=${OPSLAB_VM_PRELOAD:-auto}
  if [ "$method" != boot ]; then
    phase preload "load ${IMAGES[*]} into the guest's /var/lib/docker (chrooted guest dockerd)"
    if preload_chroot; then method=chroot
    elif [ "$method" = chroot ]; then die "preloading through a chrooted dockerd failed"
    else
      say "falling back to loading through a booted guest"
      method=boot
      rm -rf "$WORK/rootfs/run/opslab-build" "$WORK/rootfs/var/lib/docker"
    fi
  fi
  phase initramfs "busybox + virtio/ext4 modules"
  make_initramfs
  phase disk "ext4 image from the root file system"
  make_disk
  rm -rf "$WORK/rootfs" "$WORK/initramfs" "$WORK/kernel"
  if [ "$method" = boot ]; then
    phase preload-boot "boot once and load ${IMAGES[*]} into the guest's Docker"
    preload_boot
    cp "$WORK/preload-console.log" "$WORK/out/build-console.log"
  fi
  PRELOAD_METHOD=$method
  phase_end
  write_manifest
  chmod 0444 "$WORK/out/disk.raw" "$WORK/out/vmlinux" "$WORK/out/initrd.img"
  mv "$WORK/out" "$dir"
  rm -rf "$WORK"
  prune_old_builds
  say "built $dir in $(elapsed "$T0") s"
  echo "OPSLAB_VM_DIR=$dir"
}

main "$@"
