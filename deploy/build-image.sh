#!/usr/bin/env bash
# Builds the Signpost container image from the Containerfile at the repository root: first the
# runnable jar (launcher/target/signpost.jar, skipped with --no-jar), then the image, with podman
# (or docker when podman is missing). docs/deployment.md has the details.
#
#   deploy/build-image.sh                            # localhost/signpost:<version>
#   deploy/build-image.sh --tag registry.example.com/signpost:0.1.0
#   deploy/build-image.sh --platform linux/arm64     # another architecture, no emulator needed
#   deploy/build-image.sh --base my-registry/eclipse-temurin:17-jre-noble
#   deploy/build-image.sh --isolation chroot         # podman where no OCI runtime can run
#
# Prints the image name on the last line of stdout.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

tag=""
platform=""
base=""
isolation=""
build_jar=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --tag) tag="$2"; shift 2 ;;
    --platform) platform="$2"; shift 2 ;;
    --base) base="$2"; shift 2 ;;
    --isolation) isolation="$2"; shift 2 ;;
    --no-jar) build_jar=0; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "build-image.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

if command -v podman >/dev/null 2>&1; then
  engine=podman
elif command -v docker >/dev/null 2>&1; then
  engine=docker
else
  echo "build-image.sh: neither podman nor docker is installed" >&2
  exit 1
fi

jar=launcher/target/signpost.jar
if [[ "$build_jar" == 1 ]]; then
  echo "build-image.sh: building $jar" >&2
  mvn -B -ntp -q -DskipTests -pl launcher -am package >&2
elif [[ ! -f "$jar" ]]; then
  echo "build-image.sh: $jar is missing (build it: mvn -pl launcher -am package)" >&2
  exit 1
fi

# "signpost 0.1.0-SNAPSHOT (commit 1a2b3c4d5e6f)" -> 0.1.0-SNAPSHOT and 1a2b3c4d5e6f
version_line="$(java -jar "$jar" --version)"
version="$(sed -E 's/^signpost ([^ ]+) .*/\1/' <<<"$version_line")"
revision="$(sed -E 's/.*\(commit ([^)]+)\).*/\1/' <<<"$version_line")"
tag="${tag:-localhost/signpost:$version}"

args=(build -f Containerfile -t "$tag" --build-arg "VERSION=$version" --build-arg "REVISION=$revision")
[[ -n "$platform" ]] && args+=(--platform "$platform")
[[ -n "$base" ]] && args+=(--build-arg "BASE_IMAGE=$base")
[[ -n "$isolation" && "$engine" == podman ]] && args+=("--isolation=$isolation")

echo "build-image.sh: $engine ${args[*]} ." >&2
"$engine" "${args[@]}" . >&2
echo "$tag"
