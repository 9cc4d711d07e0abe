#!/usr/bin/env bash
# Builds the OCI images of the mesh binaries (controlplane, ztunnel, waypoint), each FROM scratch:
# the release binary plus exactly what it loads at runtime, staged into a root filesystem that a
# Containerfile COPYs (images/<name>/Containerfile). Then saves each as an OCI archive under
# .build-images/ and runs scripts/images-check.sh on the result.
#
#   scripts/images.sh                      # release build (static Swift stdlib), then the images
#   BIN_DIR=.build/release scripts/images.sh   # use binaries that are already built
#   IMAGES="waypoint" scripts/images.sh    # only some of the images
#
# Needs root (the check chroots), podman, iptables and util-linux on the host: the helper
# programs the ztunnel execs are copied from the host, with their libraries and modules.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

SWIFT=${SWIFT:-swift}
IMAGES=${IMAGES:-controlplane ztunnel waypoint}
OUT_DIR=${OUT_DIR:-$ROOT/.build-images}
REGISTRY=ghcr.io/ambient-mesh
# One version for the binaries and the tags: the one `--version` prints.
VERSION=$(sed -n 's/.*static let current = "\([^"]*\)".*/\1/p' Sources/Shared/Mesh/MeshVersion.swift)
[[ -n $VERSION ]] || { echo "images: cannot read MeshVersion.current from Sources/Shared/Mesh/MeshVersion.swift" >&2; exit 1; }
# vfs + chroot: no overlay mounts and no user namespaces needed (this runs in containers and CI).
PODMAN=(podman --storage-driver vfs)

log() { echo "images: $*" >&2; }

# --- Binaries -------------------------------------------------------------------------------------
# --static-swift-stdlib links the Swift runtime, Foundation (with its ICU data) and Dispatch into
# the binary, so the image needs only the C libraries (libc, libm, libstdc++, libgcc_s, libz).
# SwiftPM builds one --product per invocation; the three share almost all their modules.
if [[ -z ${BIN_DIR:-} ]]; then
  for name in $IMAGES; do
    log "swift build -c release --static-swift-stdlib --product $name"
    start=$SECONDS
    "$SWIFT" build -c release --static-swift-stdlib --product "$name"
    log "built $name in $((SECONDS - start))s"
  done
  BIN_DIR=$("$SWIFT" build -c release --static-swift-stdlib --show-bin-path)
fi
BIN_DIR=$(cd "$BIN_DIR" && pwd)

# --- Staging --------------------------------------------------------------------------------------
# copy_path ROOTFS PATH: puts PATH into ROOTFS at the same place, and if it is a symlink the link
# and (recursively) its target too, so chains like /usr/sbin/iptables-restore ->
# /etc/alternatives/iptables-restore -> xtables-nft-multi stay what they are on the host. Directory
# components are canonicalised (/lib/x86_64-linux-gnu -> /usr/lib/...); the rootfs gets the host's
# /lib, /bin, ... symlinks (merged /usr) so both spellings resolve.
copy_path() {
  local rootfs=$1 path=$2 dir name target
  dir=$(cd "$(dirname "$path")" && pwd -P)
  name=$(basename "$path")
  mkdir -p "$rootfs$dir"
  if [[ -L $dir/$name ]]; then
    target=$(readlink "$dir/$name")
    [[ -L $rootfs$dir/$name ]] || ln -s "$target" "$rootfs$dir/$name"
    [[ $target == /* ]] || target=$dir/$target
    copy_path "$rootfs" "$target"
  elif [[ ! -e $rootfs$dir/$name ]]; then
    cp -p "$dir/$name" "$rootfs$dir/$name"
  fi
}

# copy_libs ROOTFS FILE: the shared libraries FILE needs (ldd lists the whole closure) and the
# dynamic loader. A library ldd cannot find on the host is an error here, not a crash in a pod.
copy_libs() {
  local rootfs=$1 file=$2 listing lib
  listing=$(ldd "$file" 2>&1) || {
    # A static executable: nothing to copy.
    [[ $listing == *"not a dynamic executable"* ]] && return 0
    echo "$listing" >&2; return 1
  }
  if grep -q "not found" <<<"$listing"; then
    log "$file: missing libraries on this host:"; grep "not found" <<<"$listing" >&2; return 1
  fi
  for lib in $(awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^\//) print $i }' <<<"$listing"); do
    copy_path "$rootfs" "$lib"
  done
}

# copy_program ROOTFS PATH: a program from the host (the link chain to it) and its libraries.
copy_program() {
  copy_path "$1" "$2"
  copy_libs "$1" "$(readlink -f "$2")"
}

# The host's xtables extension directory (libxt_*.so, dlopen'ed by iptables for every -m / -j),
# where the iptables package put it.
xtables_dir() {
  local module
  module=$(dpkg -L iptables 2>/dev/null | grep -m1 '/xtables/libxt_standard\.so$' || true)
  [[ -n $module ]] || module=$(ls /usr/lib/*/xtables/libxt_standard.so /usr/lib/xtables/libxt_standard.so 2>/dev/null | head -1)
  [[ -n $module ]] || { log "no xtables modules (libxt_standard.so) found: install iptables"; return 1; }
  dirname "$module"
}

# stage NAME ROOTFS: the root filesystem of image NAME.
stage() {
  local name=$1 rootfs=$2 d program dir module
  rm -rf "$rootfs"
  mkdir -p "$rootfs"
  # Merged /usr as on the host: /lib64/ld-linux-x86-64.so.2 (the loader path in every ELF
  # header) and /lib/x86_64-linux-gnu must resolve.
  for d in bin sbin lib lib32 lib64 libx32; do
    if [[ -L /$d ]]; then ln -s "$(readlink "/$d")" "$rootfs/$d"; fi
  done
  # /tmp for anything that wants a scratch file; passwd/group so uid 1337 has a name and
  # getpwuid() (Foundation's home directory lookup) answers; nsswitch.conf names only backends
  # built into glibc, since no libnss_* module is in the image.
  install -d -m 1777 "$rootfs/tmp"
  install -D -m 0644 images/etc/passwd "$rootfs/etc/passwd"
  install -D -m 0644 images/etc/group "$rootfs/etc/group"
  install -D -m 0644 images/etc/nsswitch.conf "$rootfs/etc/nsswitch.conf"

  # The binary without its DWARF (40% of the file); the symbol table stays, so crash
  # backtraces name functions.
  [[ -x $BIN_DIR/$name ]] || { log "no $BIN_DIR/$name: build it (swift build -c release --product $name)"; return 1; }
  install -D -m 0755 "$BIN_DIR/$name" "$rootfs/usr/local/bin/$name"
  strip --strip-debug "$rootfs/usr/local/bin/$name"
  copy_libs "$rootfs" "$BIN_DIR/$name"
  # The Swift runtime execs this on a crash to print a symbolicated backtrace of every thread
  # (SWIFT_BACKTRACE in the Containerfiles points at it); without it a crash is one line. It is
  # why the symbol table stays in the binary.
  install -D -m 0755 "$BACKTRACER" "$rootfs/usr/libexec/swift/linux/swift-backtrace-static"
  copy_libs "$rootfs" "$BACKTRACER"

  case $name in
    controlplane)
      # The JWKS fetcher (Sources/ControlPlane/JWKS/HTTPJWKSFetcher.swift) uses the system trust
      # roots for https jwksUri's; NIOSSL reads this bundle. (The Kubernetes client trusts the
      # service-account ca.crt in-cluster, not this.)
      copy_path "$rootfs" /etc/ssl/certs/ca-certificates.crt
      ;;
    ztunnel)
      # Pod capture execs `/usr/bin/env nsenter --net=/proc/<pid>/fd/<n> iptables-restore -w
      # --noflush` (and -save, ip6tables-*): CommandRunner.swift runs /usr/bin/env by absolute path,
      # env and nsenter find the rest on PATH. They come from the host with the alternatives
      # links, so the image uses the same iptables backend (nft or legacy) as this machine.
      copy_program "$rootfs" /usr/bin/env
      for program in nsenter iptables-restore iptables-save ip6tables-restore ip6tables-save; do
        program=$(PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin command -v "$program") \
          || { log "ztunnel needs $program on the host (apt-get install util-linux iptables)"; return 1; }
        copy_program "$rootfs" "$program"
      done
      # Every extension module (2 MB): which ones a rule set needs changes with the rules.
      dir=$(xtables_dir)
      for module in "$dir"/*.so; do
        copy_path "$rootfs" "$module"
        copy_libs "$rootfs" "$module"
      done
      ;;
  esac
}

# The statically linked Swift backtracer of the toolchain that built the binaries.
BACKTRACER=$(dirname "$(readlink -f "$(command -v "$SWIFT")")")/../libexec/swift/linux/swift-backtrace-static
[[ -x $BACKTRACER ]] || { log "no swift-backtrace-static in the toolchain ($BACKTRACER)"; exit 1; }
BACKTRACER=$(readlink -f "$BACKTRACER")

# --- Images ---------------------------------------------------------------------------------------
mkdir -p "$OUT_DIR"
for name in $IMAGES; do
  [[ -f images/$name/Containerfile ]] || { log "no images/$name/Containerfile"; exit 1; }
  ref=$REGISTRY/$name:$VERSION
  rootfs=$OUT_DIR/rootfs/$name
  log "staging $name from $BIN_DIR/$name"
  stage "$name" "$rootfs"
  previous=$("${PODMAN[@]}" image inspect --format '{{.Id}}' "$ref" 2>/dev/null || true)
  log "podman build $ref"
  # --layers=false: no cached image per Containerfile step (they only set metadata; the one COPY
  # is the only layer).
  "${PODMAN[@]}" build --isolation chroot --format oci --layers=false --build-arg "VERSION=$VERSION" \
    -f "images/$name/Containerfile" -t "$ref" "$rootfs"
  # vfs keeps a full copy of every image: drop the one this build replaced (only if nothing else
  # still tags it), so repeated runs do not fill the disk.
  current=$("${PODMAN[@]}" image inspect --format '{{.Id}}' "$ref")
  if [[ -n $previous && $previous != "$current" ]]; then
    "${PODMAN[@]}" rmi "$previous" >/dev/null 2>&1 || true
  fi
  rm -f "$OUT_DIR/$name.oci.tar"
  "${PODMAN[@]}" save --quiet --format oci-archive -o "$OUT_DIR/$name.oci.tar" "$ref"
  log "$ref: $(du -h "$OUT_DIR/$name.oci.tar" | cut -f1) archive at ${OUT_DIR#"$ROOT"/}/$name.oci.tar"
done

IMAGES=$IMAGES OUT_DIR=$OUT_DIR scripts/images-check.sh
