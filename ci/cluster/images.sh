#!/usr/bin/env bash
# Builds the local images with `docker import` (no registry, no `docker build` base image):
#   rollback-drill/pause:3.4     the pod sandbox, from Kubernetes' own pause.c
#   rollback-drill/demo:v1|v2|v3 the demo service (busybox httpd + CGI, and psql for the database demo); v2 is a no-op
#                                change of v1, v3 a "fixed" version for roll-forward
# Images are rebuilt only when their inputs changed (a content hash is kept as a label).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/lib.sh"

dockerd_running || die "the container engine is not running (use: ci/cluster/cluster.sh up)"
[ -x "$K8S_BIN/pause" ] || die "pause binary missing; run ci/cluster/install.sh"

image_hash() { docker image inspect -f '{{ index .Config.Labels "rollback-drill.hash" }}' "$1" 2>/dev/null || true; }

import_dir() { # dir image:tag hash [docker import -c ...]
  local dir="$1" ref="$2" hash="$3"; shift 3
  tar -C "$dir" -c . | docker import -c "LABEL rollback-drill.hash=$hash" "$@" - "$ref" >/dev/null
}

build_pause() {
  local hash
  hash="$(sha256sum "$K8S_BIN/pause" | cut -c1-16)"
  if [ "$(image_hash "$RBD_PAUSE_IMAGE")" = "$hash" ]; then return; fi
  say "importing $RBD_PAUSE_IMAGE"
  local dir
  dir="$(mktemp -d)"
  cp "$K8S_BIN/pause" "$dir/pause"
  import_dir "$dir" "$RBD_PAUSE_IMAGE" "$hash" -c 'ENTRYPOINT ["/pause"]'
  rm -rf "$dir"
}

build_demo() {
  # Debian's busybox-static: one static binary, so the image needs nothing else.
  local busybox=/bin/busybox
  [ -x "$busybox" ] || die "busybox-static is not installed"
  # Debian's psql and the libraries it links, so the demo can be a real database client.
  local psql="${RBD_PG_BIN:-/usr/lib/postgresql/15/bin}/psql" libs
  [ -x "$psql" ] || die "$psql not found: install Debian's postgresql-client (ci/cluster/install.sh does)"
  libs="$(ldd "$psql" | awk '/=> \// {print $3} /^[[:space:]]*\/lib/ {print $1}' | sort -u)"
  local inputs
  # shellcheck disable=SC2086
  inputs="$( (sha256sum "$busybox" "$psql" $libs; cd "$here/demo" && find . -type f | sort | xargs sha256sum) | sha256sum | cut -c1-16)"
  for v in v1 v2 v3; do
    local ref="$RBD_DEMO_IMAGE:$v"
    if [ "$(image_hash "$ref")" = "$inputs-$v" ]; then continue; fi
    say "importing $ref"
    local dir
    dir="$(mktemp -d)"
    mkdir -p "$dir/bin" "$dir/tmp" "$dir/etc"
    cp "$busybox" "$dir/bin/busybox"
    for applet in $("$busybox" --list); do
      [ "$applet" = busybox ] || ln -sf busybox "$dir/bin/$applet"
    done
    cp -r "$here/demo/www" "$dir/www"
    cp "$here/demo/start.sh" "$dir/start.sh"
    cp "$here/demo/db.sh" "$dir/db.sh"
    cp "$psql" "$dir/bin/psql"
    for lib in $libs; do
      mkdir -p "$dir$(dirname "$lib")"
      cp -L "$lib" "$dir$lib"
    done
    echo "$v" >"$dir/VERSION"
    echo 'root:x:0:0:root:/:/bin/sh' >"$dir/etc/passwd"
    chmod 1777 "$dir/tmp"
    import_dir "$dir" "$ref" "$inputs-$v" \
      -c 'ENTRYPOINT ["/start.sh"]' -c 'ENV PATH=/bin' -c 'EXPOSE 8080'
    rm -rf "$dir"
  done
}

build_pause
build_demo
say "images ready: $RBD_PAUSE_IMAGE $RBD_DEMO_IMAGE:v1 $RBD_DEMO_IMAGE:v2 $RBD_DEMO_IMAGE:v3"
