#!/usr/bin/env bash
# The container image, built and run for real: builds the repository's Containerfile with podman,
# checks the image's metadata (non-root user, ports, stop signal, config path), runs `validate` and
# then `run` through the image's own entrypoint on its own filesystem (podman image mount +
# chroot, on the host network, on free ports), and has a QUIC client (io.signpost.cli.ReferralProbe,
# router-core's QuicTestClient) get a referral from it; then SIGTERM must stop it with exit 0.
# Prints the image size and the start-up time.
#
# Why chroot and not `podman run`: where no OCI runtime can set rlimits and cgroups (a CI sandbox),
# podman can build (--isolation=chroot) but not run. The chroot gives the image's filesystem, user,
# environment, entrypoint and command; it does not give the network, pid and cgroup isolation.
#
# The base image (ARG BASE_IMAGE of the Containerfile) is used when podman has it or can pull it.
# Otherwise, as in a sandbox without a registry, a stand-in is built once and reused: a Debian
# bookworm rootfs (debootstrap --variant=minbase) with Debian's openjdk-17-jre-headless, imported as
# localhost/signpost-test-base:bookworm-openjdk17-<arch> and passed as BASE_IMAGE. The script says which.
#
# --platform linux/arm64 (or linux/amd64 on an arm64 host) builds and runs the image of the other
# architecture: the build needs no emulator (the Containerfile only copies), running it needs
# qemu-user with binfmt_misc (apt-get install qemu-user-static binfmt-support); the stand-in base
# is then debootstrapped for that architecture, which takes about ten minutes under emulation.
#
# Needs root, podman (and debootstrap for the stand-in), java and mvn.
# Exit status: 0 passed, 1 failed, 77 skipped (the reason is printed).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

platform=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --platform) platform="$2"; shift 2 ;;
    *) echo "test-image.sh: unknown option $1 (expected: --platform linux/ARCH)" >&2; exit 2 ;;
  esac
done

log() { printf 'test-image: %s\n' "$*" >&2; }
fail() { log "FAILED: $*"; exit 1; }
skip() { log "SKIPPED: $*"; exit 77; }
millis() { echo $(( $(date +%s%N) / 1000000 )); }

[[ "$(id -u)" == 0 ]] || skip "needs root (podman image mount, chroot)"
command -v podman >/dev/null 2>&1 || skip "podman is not installed (apt-get install podman)"
command -v curl >/dev/null 2>&1 || skip "curl is not installed"
command -v python3 >/dev/null 2>&1 || skip "python3 is not installed (it picks free ports)"

# From uname, not podman info: podman info fails where its network backend is not installed,
# which building and mounting images do not need.
case "$(uname -m)" in
  x86_64) host_arch=amd64 ;;
  aarch64|arm64) host_arch=arm64 ;;
  *) skip "host architecture $(uname -m) (expected: x86_64 or aarch64)" ;;
esac
platform="${platform:-linux/$host_arch}"
arch="${platform#linux/}"
case "$arch" in
  amd64) qemu_arch=x86_64 ;;
  arm64) qemu_arch=aarch64 ;;
  *) fail "platform $platform (expected: linux/amd64 or linux/arm64)" ;;
esac
emulated=0
if [[ "$arch" != "$host_arch" ]]; then
  emulated=1
  [[ -e "/proc/sys/fs/binfmt_misc/qemu-$qemu_arch" ]] \
    || skip "running a $arch image on $host_arch needs qemu-user with binfmt_misc (apt-get install qemu-user-static binfmt-support)"
fi

podman_error="$(podman images 2>&1 >/dev/null)" \
  || skip "podman does not work here: ${podman_error%%$'\n'*} (is its network backend, netavark, installed?)"

image="localhost/signpost:image-test-$arch"
standin="localhost/signpost-test-base:bookworm-openjdk17-$arch"
work="$(mktemp -d /var/tmp/signpost-image-test.XXXXXX)"
mnt=""
router_pid=""
mounts=()

cleanup() {
  if [[ -n "$router_pid" ]] && kill -0 "$router_pid" 2>/dev/null; then
    kill -KILL "$router_pid" 2>/dev/null || true
  fi
  local i
  for (( i=${#mounts[@]}-1; i>=0; i-- )); do
    umount "${mounts[$i]}" 2>/dev/null || umount -l "${mounts[$i]}" 2>/dev/null || true
  done
  [[ -n "$mnt" ]] && podman image unmount "$image" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

mount_in() { # mount_in TARGET MOUNT-ARGS...
  local target="$1"; shift
  mount "$@" "$target"
  mounts+=("$target")
}

# --- the jar ------------------------------------------------------------------------------------
if [[ ! -f launcher/target/signpost.jar ]]; then
  log "building launcher/target/signpost.jar"
  mvn -B -ntp -q -DskipTests -pl launcher -am package >&2
fi

# --- the base image -----------------------------------------------------------------------------
base="$(sed -n 's/^ARG BASE_IMAGE=//p' Containerfile)"
[[ -n "$base" ]] || fail "Containerfile has no ARG BASE_IMAGE=..."
image_arch() { podman image inspect --format '{{.Architecture}}' "$1" 2>/dev/null; }
if podman image exists "$base" && [[ "$(image_arch "$base")" == "$arch" ]]; then
  log "base image $base ($arch): present"
elif timeout 120 podman pull -q --platform "$platform" "$base" >/dev/null 2>&1; then
  log "base image $base ($arch): pulled"
else
  log "base image $base: not available (no registry reachable); using a local stand-in, $standin:"
  log "  Debian bookworm (debootstrap --variant=minbase) with Debian's openjdk-17-jre-headless"
  if podman image exists "$standin"; then
    log "  $standin exists, reused"
  else
    command -v debootstrap >/dev/null 2>&1 || skip "no base image and no debootstrap for a stand-in (apt-get install debootstrap)"
    started="$(millis)"
    rootfs="$work/rootfs"
    debootstrap --arch="$arch" --variant=minbase --include=openjdk-17-jre-headless bookworm "$rootfs" \
      http://deb.debian.org/debian >"$work/debootstrap.log" 2>&1 \
      || { tail -20 "$work/debootstrap.log" >&2; fail "debootstrap failed"; }
    rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/archives/*.deb
    tar -C "$rootfs" -c . | podman import --arch "$arch" \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change 'CMD ["/bin/bash"]' - "$standin" >/dev/null
    rm -rf "$rootfs"
    log "  built in $(( ($(millis) - started) / 1000 )) s"
  fi
  base="$standin"
fi

# --- build --------------------------------------------------------------------------------------
started="$(millis)"
deploy/build-image.sh --no-jar --isolation chroot --platform "$platform" --base "$base" --tag "$image" \
  >"$work/build.log" 2>&1 || { tail -30 "$work/build.log" >&2; fail "podman build failed"; }
log "built $image from Containerfile (--platform $platform, BASE_IMAGE=$base) in $(( ($(millis) - started) / 1000 )) s"

# --- metadata -----------------------------------------------------------------------------------
inspect() { podman image inspect --format "$1" "$image"; }
user="$(inspect '{{.Config.User}}')"
mapfile -t entrypoint < <(inspect '{{range .Config.Entrypoint}}{{println .}}{{end}}' | sed '/^$/d')
mapfile -t cmd < <(inspect '{{range .Config.Cmd}}{{println .}}{{end}}' | sed '/^$/d')
mapfile -t env < <(inspect '{{range .Config.Env}}{{println .}}{{end}}' | sed '/^$/d')
ports="$(inspect '{{range $p, $v := .Config.ExposedPorts}}{{$p}} {{end}}')"
stop_signal="$(inspect '{{.Config.StopSignal}}')"

[[ "$(image_arch "$image")" == "$arch" ]] || fail "image architecture $(image_arch "$image") (expected: $arch)"
[[ -n "$user" && "${user%%:*}" != 0 && "${user%%:*}" != root ]] || fail "image user is '$user' (expected: non-root)"
[[ " $ports " == *" 5520/udp "* && " $ports " == *" 9091/tcp "* ]] || fail "exposed ports: $ports (expected: 5520/udp 9091/tcp)"
[[ "$stop_signal" == SIGTERM ]] || fail "stop signal: '$stop_signal' (expected: SIGTERM)"
printf '%s\n' "${env[@]}" | grep -qx 'SIGNPOST_CONFIG=/etc/signpost/config.yaml' \
  || fail "SIGNPOST_CONFIG is not /etc/signpost/config.yaml: ${env[*]}"
printf '%s\n' "${entrypoint[@]}" | grep -qx -- '-XX:+ExitOnOutOfMemoryError' || fail "entrypoint without -XX:+ExitOnOutOfMemoryError: ${entrypoint[*]}"
printf '%s\n' "${entrypoint[@]}" | grep -q -- '^-XX:MaxRAMPercentage=' || fail "entrypoint without -XX:MaxRAMPercentage: ${entrypoint[*]}"
log "metadata: user $user, ports $ports, stop signal $stop_signal, entrypoint ${entrypoint[*]}, cmd ${cmd[*]}"

size_mb() { echo $(( $(podman image inspect --format '{{.Size}}' "$1") / 1000000 )); }
image_mb="$(size_mb "$image")"
base_mb="$(size_mb "$base")"

# --- the image's filesystem, as a container would see it ----------------------------------------
mnt="$(podman image mount "$image")"
mount_in "$mnt/proc" -t proc proc
mount_in "$mnt/dev" --bind /dev
mount_in "$mnt/tmp" -t tmpfs -o size=256m,mode=1777 tmpfs

in_image() { # in_image ARGS...: the image's entrypoint with ARGS instead of its command
  chroot --userspec="$user" "$mnt" /usr/bin/env -i "${env[@]}" "${entrypoint[@]}" "$@"
}

# validate, without flags: the shipped /etc/signpost/config.yaml through SIGNPOST_CONFIG
validated="$(in_image validate 2>&1)" || fail "validate of the shipped config failed: $validated"
[[ "$validated" == "/etc/signpost/config.yaml: valid"* ]] || fail "validate said: $validated"
log "validate (no flags): $validated"

# The shipped config with free ports and a backend of the test's own, mounted over it as a
# Kubernetes ConfigMap would be.
read -r udp tcp < <(python3 - <<'EOF'
import socket
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("", 0))
t = socket.socket(socket.AF_INET, socket.SOCK_STREAM); t.bind(("", 0))
print(u.getsockname()[1], t.getsockname()[1])
EOF
)
sed -e "s/^listen: \":5520\"/listen: \":$udp\"/" \
    -e "s/^  listen: \":9091\"/  listen: \":$tcp\"/" \
    -e 's/- host: 127.0.0.1 .*/- host: game.test/' \
    -e 's/^        port: 5521/        port: 5601/' \
    deploy/image/config.yaml >"$work/config.yaml"
grep -q "\":$udp\"" "$work/config.yaml" && grep -q "\":$tcp\"" "$work/config.yaml" && grep -q "game.test" "$work/config.yaml" \
  || fail "could not derive the test config from deploy/image/config.yaml"
chmod 644 "$work/config.yaml"
mount_in "$mnt/etc/signpost/config.yaml" --bind "$work/config.yaml"

# --- run ----------------------------------------------------------------------------------------
started="$(millis)"
# A simple command, not the function: its pid is the router's (chroot and env exec java).
chroot --userspec="$user" "$mnt" /usr/bin/env -i "${env[@]}" "${entrypoint[@]}" "${cmd[@]}" \
  >"$work/router.log" 2>&1 &
router_pid=$!
# Generous: a JVM under emulation starts in about a minute.
limit_s=$(( emulated ? 600 : 120 ))
until curl -fsS -o /dev/null "http://127.0.0.1:$tcp/readyz" 2>/dev/null; do
  kill -0 "$router_pid" 2>/dev/null || { cat "$work/router.log" >&2; fail "the router exited during start-up"; }
  (( $(millis) - started < limit_s * 1000 )) || { cat "$work/router.log" >&2; fail "/readyz not 200 within $limit_s s"; }
  sleep 0.1
done
startup_ms=$(( $(millis) - started ))
log "started: /readyz 200 after $startup_ms ms (udp :$udp, admin :$tcp)$( (( emulated )) && echo ", $arch under qemu-user emulation")"
grep -q "signpost .* (commit .*) starting, config /etc/signpost/config.yaml" "$work/router.log" \
  || { cat "$work/router.log" >&2; fail "no start-up line naming the build and /etc/signpost/config.yaml"; }

mvn -B -ntp -q -pl launcher -am test-compile -Preferral-probe \
  "-Dprobe.args=--server 127.0.0.1:$udp --sni play.example.com --expect-backend game.test:5601 --admin 127.0.0.1:$tcp" \
  >"$work/probe.log" 2>&1 || { cat "$work/probe.log" "$work/router.log" >&2; fail "the QUIC client got no referral"; }
grep '^probe:' "$work/probe.log" | sed 's/^/test-image: /' >&2
grep -q "answered sni=play.example.com .*referral backend=game.test:5601" "$work/router.log" \
  || { cat "$work/router.log" >&2; fail "no decision line in the router's log"; }

# --- stop ---------------------------------------------------------------------------------------
started="$(millis)"
kill -TERM "$router_pid"
status=0
wait "$router_pid" || status=$?
router_pid=""
stop_ms=$(( $(millis) - started ))
[[ "$status" == 0 ]] || { cat "$work/router.log" >&2; fail "exit status $status after SIGTERM (expected: 0)"; }
grep -q "stopped" "$work/router.log" || fail "no 'stopped' line after SIGTERM"
log "stopped on SIGTERM in $stop_ms ms, exit 0"

log "PASSED: $image ($arch): ${image_mb} MB (base $base: ${base_mb} MB); start-up to /readyz 200: ${startup_ms} ms$( (( emulated )) && echo " (emulated)"); stop: ${stop_ms} ms"
