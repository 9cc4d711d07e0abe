#!/usr/bin/env bash
# Checks the images scripts/images.sh built, from what podman stored (not from the staging
# directory): each image is exported and unpacked into a temporary directory and its entrypoint run
# there with chroot, as the image's user and with only the image's PATH, so a library, loader,
# module or helper that is missing from the image fails here rather than in a pod.
#
#   - `<entrypoint> --version` prints MeshVersion.current, and the crash backtracer runs;
#   - ztunnel: `/usr/bin/env <helper> --version` for nsenter and the four iptables programs (the
#     way CommandRunner.swift execs them), the same iptables backend as the host, and the capture
#     rules (images/ztunnel/capture-rules-v*.txt) installed and read back through
#     `env nsenter --net=/proc/1/ns/net ip(6)tables-restore` in a throwaway network namespace, which
#     loads the xtables extension modules;
#   - controlplane: the CA bundle the JWKS fetcher trusts is there;
#   - the tags are ghcr.io/ambient-mesh/<name>:<MeshVersion>, the ones manifests/mesh references, and
#     the OCI archives in .build-images/ hold the same images.
# Needs root (chroot, unshare). Runs on its own too: `IMAGES=ztunnel scripts/images-check.sh`.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

IMAGES=${IMAGES:-controlplane ztunnel waypoint}
OUT_DIR=${OUT_DIR:-$ROOT/.build-images}
REGISTRY=ghcr.io/ambient-mesh
VERSION=$(sed -n 's/.*static let current = "\([^"]*\)".*/\1/p' Sources/Shared/Mesh/MeshVersion.swift)
[[ -n $VERSION ]] || { echo "images-check: cannot read MeshVersion.current" >&2; exit 1; }
PODMAN=(podman --storage-driver vfs)
# By absolute path: it is started with the image's PATH, which need not hold the host's sbin.
CHROOT=$(command -v chroot)

FAILURES=()
# fail IMAGE MESSAGE: recorded, and the check goes on so one run lists every problem.
fail() {
  FAILURES+=("$1: $2")
  echo "images-check: FAIL $1: $2" >&2
}
ok() { echo "images-check: ok   $1: $2"; }

WORK=$(mktemp -d /tmp/images-check.XXXXXX)
CONTAINERS=()
cleanup() {
  local cid
  for cid in "${CONTAINERS[@]}"; do "${PODMAN[@]}" rm -f "$cid" >/dev/null 2>&1 || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

# in_image DIR USER PATH COMMAND...: COMMAND inside the unpacked image with nothing of the host's
# environment, as a container runtime would start it: in mount and pid namespaces of its own with
# a /proc there. /proc is not optional: the Swift runtime reads CommandLine.arguments from
# /proc/self/cmdline (without it `ztunnel --version` sees no arguments at all), and nsenter names
# namespaces by /proc paths. The mount goes away with the namespace.
in_image() {
  local dir=$1 user=$2 path=$3
  shift 3
  mkdir -p "$dir/proc"
  unshare --mount --pid --fork --mount-proc="$dir/proc" \
    env -i PATH="$path" HOME=/ "$CHROOT" --userspec="$user" "$dir" "$@"
}

# What runs in the throwaway namespaces of the capture check (pid 1 there, so /proc/1/ns/net is the
# new network namespace): the image's env and nsenter, then its ip(6)tables-restore reading stdin,
# then -save, as CaptureInstaller.swift does it.
CAPTURE_SCRIPT='
  chroot=$1 dir=$2 user=$3 path=$4 tool=$5
  run() { env -i PATH="$path" HOME=/ "$chroot" --userspec="$user" "$dir" /usr/bin/env nsenter --net=/proc/1/ns/net "$@"; }
  run "$tool-restore" -w --noflush && run "$tool-save"
'

# --- Names against the manifests ------------------------------------------------------------------
# Every ghcr.io/ambient-mesh image manifests/mesh deploys must be one this script builds, at this
# version; controlplane and ztunnel must be deployed by them.
manifest_refs=$( (grep -ho 'image: *ghcr\.io/ambient-mesh/[^ "]*' manifests/mesh/*.yaml || true) | sed 's/image: *//' | sort -u)
for ref in $manifest_refs; do
  name=${ref#"$REGISTRY"/}
  name=${name%%:*}
  [[ $ref == "$REGISTRY/$name:$VERSION" && -f images/$name/Containerfile ]] \
    || fail "$ref" "manifests/mesh references it, but the images built are $REGISTRY/<controlplane|ztunnel|waypoint>:$VERSION"
done
for name in controlplane ztunnel; do
  if grep -qx "$REGISTRY/$name:$VERSION" <<<"$manifest_refs"; then
    ok "$REGISTRY/$name:$VERSION" "the name manifests/mesh deploys"
  else
    fail "$name" "manifests/mesh does not reference $REGISTRY/$name:$VERSION (it has: ${manifest_refs//$'\n'/ })"
  fi
done
# The waypoint is deployed by the control plane: with --waypoint-image if the controlplane
# manifest passes one, else with WaypointSettings.defaultImage.
waypoint_image=$( (grep -ho -- '--waypoint-image[= ][^ "]*' manifests/mesh/*.yaml || true) | head -1 | sed 's/--waypoint-image[= ]//')
waypoint_from="the --waypoint-image manifests/mesh passes"
if [[ -z $waypoint_image ]]; then
  waypoint_image=$(sed -n 's/.*static let defaultImage = "\([^"]*\)".*/\1/p' Sources/ControlPlane/Waypoint/WaypointSettings.swift \
    | sed 's/\\(MeshVersion.current)/'"$VERSION"'/')
  waypoint_from="WaypointSettings.defaultImage (Sources/ControlPlane/Waypoint/WaypointSettings.swift)"
fi
if [[ $waypoint_image == "$REGISTRY/waypoint:$VERSION" ]]; then
  ok "$REGISTRY/waypoint:$VERSION" "the image the control plane deploys waypoints with ($waypoint_from)"
else
  fail "$REGISTRY/waypoint:$VERSION" "the control plane deploys waypoints with '$waypoint_image' ($waypoint_from)"
fi

# --- Each image -----------------------------------------------------------------------------------
for name in $IMAGES; do
  ref=$REGISTRY/$name:$VERSION
  if ! "${PODMAN[@]}" image exists "$ref"; then
    fail "$ref" "not in podman's storage (podman --storage-driver vfs images); run scripts/images.sh"
    continue
  fi
  id=$("${PODMAN[@]}" image inspect --format '{{.Id}}' "$ref")
  entrypoint=$("${PODMAN[@]}" image inspect --format '{{range .Config.Entrypoint}}{{.}} {{end}}' "$ref")
  entrypoint=${entrypoint% }
  user=$("${PODMAN[@]}" image inspect --format '{{.Config.User}}' "$ref")
  user=${user:-0:0}
  path=$("${PODMAN[@]}" image inspect --format '{{range .Config.Env}}{{println .}}{{end}}' "$ref" | sed -n 's/^PATH=//p')
  [[ $entrypoint == "/usr/local/bin/$name" ]] || fail "$ref" "entrypoint is '$entrypoint', expected /usr/local/bin/$name"
  [[ -n $path ]] || fail "$ref" "no PATH in the image's environment"

  # Unpack what podman stored: create (not start) a container and export its filesystem.
  dir=$WORK/$name
  mkdir -p "$dir"
  cid=$("${PODMAN[@]}" create "$ref")
  CONTAINERS+=("$cid")
  "${PODMAN[@]}" export "$cid" | tar -x -C "$dir"
  echo "images-check: $ref ($(du -sh "$dir" | cut -f1) unpacked, user $user, PATH=$path)"

  if out=$(in_image "$dir" "$user" "$path" "$entrypoint" --version 2>&1) && [[ $out == "$VERSION" ]]; then
    ok "$ref" "$entrypoint --version = $out"
  else
    fail "$ref" "$entrypoint --version in the image printed '$out', expected '$VERSION' (a library or the loader missing?)"
  fi

  # SWIFT_BACKTRACE names the backtracer the runtime execs on a crash: it must be there and run.
  backtracer=$("${PODMAN[@]}" image inspect --format '{{range .Config.Env}}{{println .}}{{end}}' "$ref" \
    | sed -n 's/^SWIFT_BACKTRACE=.*swift-backtrace=\([^,]*\).*/\1/p')
  if [[ -z $backtracer ]]; then
    fail "$ref" "no swift-backtrace= in the image's SWIFT_BACKTRACE: a crash would print no backtrace"
  elif out=$(in_image "$dir" "$user" "$path" "$backtracer" --help 2>&1) && [[ $out == usage:* ]]; then
    ok "$ref" "crash backtracer $backtracer runs"
  else
    fail "$ref" "the crash backtracer $backtracer does not run in the image: $(head -3 <<<"$out")"
  fi

  case $name in
    ztunnel)
      for helper in nsenter iptables-restore iptables-save ip6tables-restore ip6tables-save; do
        if out=$(in_image "$dir" "$user" "$path" /usr/bin/env "$helper" --version 2>&1); then
          ok "$ref" "/usr/bin/env $helper --version: $(head -1 <<<"$out")"
        else
          fail "$ref" "cannot run $helper through /usr/bin/env on the image's PATH: $out"
        fi
      done
      # The backend (nf_tables or legacy) must be the host's: the host's rules and the pods' are
      # written by the same kind of iptables.
      host_backend=$(iptables-restore --version 2>&1 | grep -o '([a-z_]*)' || true)
      image_backend=$(in_image "$dir" "$user" "$path" /usr/bin/env iptables-restore --version 2>&1 | grep -o '([a-z_]*)' || true)
      [[ $host_backend == "$image_backend" ]] \
        || fail "$ref" "iptables backend in the image is '$image_backend', the host's is '$host_backend'"
      # Install the capture rules as the ztunnel does, in a network namespace of its own (gone
      # when unshare exits; the host's rules are not touched); read them back in the same one.
      for tool in iptables ip6tables; do
        rules=images/ztunnel/capture-rules-v$([[ $tool == iptables ]] && echo 4 || echo 6).txt
        if ! saved=$(unshare --mount --net --pid --fork --mount-proc="$dir/proc" \
          bash -c "$CAPTURE_SCRIPT" capture "$CHROOT" "$dir" "$user" "$path" "$tool" <"$rules" 2>&1); then
          fail "$ref" "$tool-restore of $rules through /usr/bin/env nsenter failed: $saved"
          continue
        fi
        missing=$(grep '^-A ' "$rules" | grep -Fvx -f <(grep '^-A ' <<<"$saved") || true)
        if [[ -n $missing ]]; then
          fail "$ref" "$tool-save does not show these rules of $rules: $missing"
        else
          ok "$ref" "$(grep -c '^-A ' "$rules") capture rules in and out through env, nsenter and $tool-restore/-save"
        fi
      done
      ;;
    controlplane)
      [[ -s $dir/etc/ssl/certs/ca-certificates.crt ]] \
        || fail "$ref" "no /etc/ssl/certs/ca-certificates.crt (JWKS over https needs the system trust roots)"
      ;;
  esac

  # The archive tests and clusters load must hold this same image under this same name.
  archive=$OUT_DIR/$name.oci.tar
  if [[ ! -f $archive ]]; then
    fail "$ref" "no OCI archive at $archive"
  else
    archived=$(tar -xOf "$archive" index.json | python3 -c '
import json, sys
entry = json.load(sys.stdin)["manifests"][0]
print(entry.get("annotations", {}).get("org.opencontainers.image.ref.name", ""), entry["digest"].split(":")[1])')
    read -r archived_ref manifest_digest <<<"$archived"
    archived_id=$(tar -xOf "$archive" "blobs/sha256/$manifest_digest" | python3 -c 'import json, sys; print(json.load(sys.stdin)["config"]["digest"].split(":")[1])')
    if [[ $archived_ref != "$ref" ]]; then
      fail "$ref" "$archive is named '$archived_ref'"
    elif [[ $archived_id != "$id" ]]; then
      fail "$ref" "$archive holds image $archived_id, podman has $id (stale archive?)"
    else
      ok "$ref" "archive $(basename "$archive") ($(du -h "$archive" | cut -f1)) holds it"
    fi
  fi
done

if ((${#FAILURES[@]})); then
  echo "images-check: ${#FAILURES[@]} problem(s):" >&2
  printf '  %s\n' "${FAILURES[@]}" >&2
  exit 1
fi
echo "images-check: all good ($IMAGES at $VERSION)"
