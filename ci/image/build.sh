#!/usr/bin/env bash
# Builds the harness image without a Docker engine or a registry: the base runtime
# (build-base.sh), then the harness layered on it by Jib (Maven profile `image`).
#
#   ci/image/build.sh                 target/rollback-drill-image.tar, image rollback-drill/drill:VERSION
#   ci/image/build.sh --load          ... and `docker load` it into the local engine
#   ci/image/build.sh --push REF      build and push to a registry as REF (e.g. registry.example.com/rollback-drill:1.0),
#                                     with the credentials of `docker login` / a credential helper
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
mvn=(./mvnw -B -q -Pimage -DskipTests -Djib.disableUpdateChecks=true)
case "${1:-}" in
  --push)
    [ -n "${2:-}" ] || { echo "usage: $0 --push REGISTRY/NAME:TAG" >&2; exit 2; }
    "${mvn[@]}" -Ddrill.image="$2" package jib:build
    echo "[image] pushed $2"
    ;;
  ""|--load)
    "${mvn[@]}" package
    tar="$root/target/rollback-drill-image.tar"
    echo "[image] $tar ($(du -m "$tar" | cut -f1) MB)"
    if [ "${1:-}" = --load ]; then docker load -i "$tar"; fi
    ;;
  *) echo "usage: $0 [--load | --push REGISTRY/NAME:TAG]" >&2; exit 2 ;;
esac
