#!/usr/bin/env bash
# Installs what the local cluster needs and builds the Kubernetes server components once.
#
# These machines reach no image registry and no release download, so the API server,
# controller manager, scheduler and kubelet are built from Debian's source package
# (upstream v1.20.2 with its vendor/ tree). The result is cached outside the repository,
# keyed by version, so later runs and other checkouts skip the build.
#
#   ci/cluster/install.sh            install packages (if missing) and build (if not cached)
#   ci/cluster/install.sh --packages install packages only (and unpack Prometheus for the metrics tests)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/lib.sh"

need_pkgs=(docker.io etcd-server golang-go rsync dpkg-dev busybox-static gcc libc6-dev iproute2 iptables make curl openssl postgresql postgresql-contrib)

install_packages() {
  local missing=()
  for p in "${need_pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  # Machines of this kind come with Java 17 and a kubectl (v1.32); where one is missing, Debian's
  # own stands in (kubernetes-client is v1.20, the local cluster's version; runbook scenarios and
  # the tests call kubectl).
  command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
  command -v kubectl >/dev/null 2>&1 || missing+=(kubernetes-client)
  if [ ${#missing[@]} -eq 0 ]; then
    say "Debian packages present"
    return
  fi
  [ "$(id -u)" = 0 ] || die "installing ${missing[*]} needs root (apt-get)"
  say "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # etcd-server's postinst tries to start a service; there is no init system here.
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  # postgresql's postinst would create and start a system-wide instance; migration drills start
  # their own throwaway one (ci/cluster/postgres.sh).
  mkdir -p /etc/postgresql-common/createcluster.d
  echo 'create_main_cluster = false' >/etc/postgresql-common/createcluster.d/rollback-drill.conf
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >"${TMPDIR:-/tmp}/rbd-apt.log" 2>&1 \
    || { tail -30 "${TMPDIR:-/tmp}/rbd-apt.log" >&2; die "apt-get install failed"; }
  rm -f /usr/sbin/policy-rc.d
}

# Prometheus and its Pushgateway for the metrics tests (issue 17), from Debian's packages but
# unpacked, not installed: no system service, no system user; the tests start them on loopback
# ports of their own and stop them after (src/test/.../testing/PrometheusStack.java).
RBD_METRICS_STACK="$RBD_CACHE/metrics-stack"
install_metrics_stack() {
  if [ -x "$RBD_METRICS_STACK/usr/bin/prometheus" ] && [ -x "$RBD_METRICS_STACK/usr/bin/prometheus-pushgateway" ]; then
    say "Prometheus and the Pushgateway present in $RBD_METRICS_STACK"
    return
  fi
  say "unpacking Debian's prometheus and prometheus-pushgateway into $RBD_METRICS_STACK"
  local dl
  dl="$(mktemp -d)"
  chmod 755 "$dl"
  (cd "$dl" && { apt-get download -qq prometheus prometheus-pushgateway 2>/dev/null \
      || { apt-get update -qq && apt-get download -qq prometheus prometheus-pushgateway; }; }) \
    || die "apt-get download prometheus prometheus-pushgateway failed"
  rm -rf "$RBD_METRICS_STACK.tmp" && mkdir -p "$RBD_METRICS_STACK.tmp"
  for deb in "$dl"/*.deb; do dpkg-deb -x "$deb" "$RBD_METRICS_STACK.tmp"; done
  rm -rf "$dl" "$RBD_METRICS_STACK" && mv "$RBD_METRICS_STACK.tmp" "$RBD_METRICS_STACK"
  "$RBD_METRICS_STACK/usr/bin/prometheus" --version 2>&1 | head -1 | sed 's/^/[cluster] /'
}

ensure_deb_src() {
  if grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ || grep -qs '^deb-src' /etc/apt/sources.list; then
    return
  fi
  say "adding a deb-src line for bookworm (to fetch Debian's kubernetes source package)"
  cat >/etc/apt/sources.list.d/rollback-drill-src.sources <<'EOF'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  apt-get update -qq
}

built() {
  for c in kube-apiserver kube-controller-manager kube-scheduler kubelet pause; do
    [ -x "$K8S_BIN/$c" ] || return 1
  done
}

build_kubernetes() {
  if built; then
    say "Kubernetes v$K8S_VERSION server components cached in $K8S_BIN"
    return
  fi
  ensure_deb_src
  local work="$RBD_CACHE/kubernetes-$K8S_VERSION/src"
  rm -rf "$work" && mkdir -p "$work"
  say "fetching Debian's kubernetes source package"
  (cd "$work" && apt-get source -qq kubernetes >"$work/../apt-source.log" 2>&1) \
    || { tail -20 "$work/../apt-source.log" >&2; die "apt-get source kubernetes failed"; }
  local src
  src="$(find "$work" -mindepth 1 -maxdepth 1 -type d -name 'kubernetes-*' | head -1)"
  [ -n "$src" ] || die "no source tree found under $work"
  grep -q "gitVersion.*v$K8S_VERSION\|$K8S_VERSION" "$src/debian/changelog" 2>/dev/null \
    || say "note: source package version is $(head -1 "$src/debian/changelog")"

  # The one trap: the sandbox has no CAP_SYS_RESOURCE, so no process may lower its
  # oom_score_adj. kubelet asks for -998 on pod sandboxes and -997 for Guaranteed pods,
  # and runc then fails. Build them as 0.
  sed -i 's/defaultSandboxOOMAdj[[:space:]]*int = -998/defaultSandboxOOMAdj int = 0/' \
    "$src/pkg/kubelet/dockershim/docker_sandbox.go"
  sed -i 's/guaranteedOOMScoreAdj[[:space:]]*int = -998/guaranteedOOMScoreAdj int = 0/; s/guaranteedOOMScoreAdj[[:space:]]*int = -997/guaranteedOOMScoreAdj int = 0/' \
    "$src/pkg/kubelet/qos/policy.go"
  grep -q 'defaultSandboxOOMAdj int = 0' "$src/pkg/kubelet/dockershim/docker_sandbox.go" \
    || die "could not patch defaultSandboxOOMAdj in docker_sandbox.go"
  grep -q 'guaranteedOOMScoreAdj int = 0' "$src/pkg/kubelet/qos/policy.go" \
    || die "could not patch guaranteedOOMScoreAdj in qos/policy.go"

  say "building kube-apiserver, kube-controller-manager, kube-scheduler, kubelet"
  say "this is a cold build: about 10 minutes on 2 cores; log in $work/../build.log"
  local start=$SECONDS
  (
    cd "$src"
    export GOCACHE="$RBD_CACHE/go-build"
    make WHAT="cmd/kube-apiserver cmd/kube-controller-manager cmd/kube-scheduler cmd/kubelet" \
      KUBE_BUILD_PLATFORMS=linux/amd64
  ) >"$work/../build.log" 2>&1 &
  local pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    sleep 30
    kill -0 "$pid" 2>/dev/null || break
    local last
    last="$(grep -E '^\+\+\+|Building|Generating|go build' "$work/../build.log" | tail -1 | cut -c1-100)"
    say "still building ($((SECONDS - start)) s elapsed) ${last:+- $last}"
  done
  wait "$pid" || { tail -40 "$work/../build.log" >&2; die "kubernetes build failed (full log: $work/../build.log)"; }

  mkdir -p "$K8S_BIN.tmp"
  for c in kube-apiserver kube-controller-manager kube-scheduler kubelet; do
    cp "$src/_output/local/bin/linux/amd64/$c" "$K8S_BIN.tmp/$c"
  done
  say "building the pause container's binary"
  gcc -Os -static -o "$K8S_BIN.tmp/pause" "$src/build/pause/linux/pause.c" \
    -DVERSION="$K8S_VERSION-rollback-drill"
  rm -rf "$K8S_BIN" && mv "$K8S_BIN.tmp" "$K8S_BIN"
  # The source tree is 1+ GB and only needed again for a rebuild.
  rm -rf "$work"
  say "built in $((SECONDS - start)) s; binaries in $K8S_BIN"
}

install_packages
install_metrics_stack
[ "${1:-}" = "--packages" ] && exit 0
build_kubernetes
