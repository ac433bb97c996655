#!/usr/bin/env bash
# The local Kubernetes cluster: start, stop and report status.
#
#   cluster.sh up          install/build if needed, start every component, wait for a Ready node
#   cluster.sh down        stop every component, remove every pod container, leave nothing running
#   cluster.sh status      one line per component; exit 0 only when the node is Ready
#   cluster.sh kubeconfig  print the kubeconfig's path
#   cluster.sh restart C   stop component C and start it again (fault injection for tests)
#   cluster.sh stop C      stop component C only; `up` brings it back (chaos api-unavailable)
#
# Components: the Docker engine (started only if not already running), etcd, kube-apiserver,
# kube-controller-manager, kube-scheduler and kubelet. State, certificates and the kubeconfig
# live in $RBD_STATE; every log is in $RBD_STATE/logs. `up` and `down` are idempotent.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/lib.sh"

KUBECTL=(kubectl --kubeconfig "$RBD_KUBECONFIG")

start_component() { # name command...
  local name="$1"; shift
  if [ -n "$(component_pid "$name")" ]; then return; fi
  mkdir -p "$RBD_STATE/pids" "$RBD_LOGS"
  # setsid: the component outlives this script and its terminal, like a daemon.
  setsid "$@" >>"$RBD_LOGS/$name.log" 2>&1 </dev/null &
  echo $! >"$RBD_STATE/pids/$name.pid"
  say "started $name (pid $!)"
}

wait_for() { # description seconds command...
  local what="$1" limit="$2"; shift 2
  local start=$SECONDS
  until "$@" >/dev/null 2>&1; do
    if (( SECONDS - start >= limit )); then
      return 1
    fi
    sleep 0.3
  done
  say "$what after $((SECONDS - start)) s"
}

start_dockerd() {
  if dockerd_running; then return; fi
  say "starting the Docker engine"
  mkdir -p "$RBD_STATE/pids" "$RBD_LOGS"
  setsid dockerd >>"$RBD_LOGS/dockerd.log" 2>&1 </dev/null &
  echo $! >"$RBD_STATE/pids/dockerd.pid"
  wait_for "Docker engine ready" 60 docker info || { tail -20 "$RBD_LOGS/dockerd.log" >&2; die "dockerd did not start"; }
}

write_pki() {
  local pki="$RBD_STATE/pki"
  [ -f "$pki/token" ] && return
  mkdir -p "$pki"
  openssl genrsa -out "$pki/sa.key" 2048 2>/dev/null
  openssl rsa -in "$pki/sa.key" -pubout -out "$pki/sa.pub" 2>/dev/null
  head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$pki/token"
  printf '%s,drill-admin,drill-admin,system:masters\n' "$(cat "$pki/token")" >"$pki/tokens.csv"
  chmod 600 "$pki"/*
}

write_kubeconfig() {
  local token
  token="$(cat "$RBD_STATE/pki/token")"
  umask 077
  cat >"$RBD_KUBECONFIG" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: rollback-drill-local
  cluster:
    server: https://127.0.0.1:6443
    insecure-skip-tls-verify: true
users:
- name: drill-admin
  user:
    token: $token
contexts:
- name: rollback-drill-local
  context:
    cluster: rollback-drill-local
    user: drill-admin
current-context: rollback-drill-local
EOF
}

write_kubelet_config() {
  local addr="$1"
  cat >"$RBD_STATE/kubelet-config.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
cgroupDriver: cgroupfs
failSwapOn: false
address: $addr
port: 10250
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
authentication:
  anonymous:
    enabled: true
  webhook:
    enabled: false
authorization:
  mode: AlwaysAllow
evictionHard:
  memory.available: "50Mi"
  nodefs.available: "1%"
  imagefs.available: "1%"
  nodefs.inodesFree: "1%"
# Drills watch pods come and go; a short sync keeps ConfigMap volumes and status fresh.
syncFrequency: 10s
nodeStatusUpdateFrequency: 4s
serializeImagePulls: false
resolvConf: ""
EOF
}

node_ready() {
  [ "$("${KUBECTL[@]}" get node "$RBD_NODE" -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null)" = True ]
}

cmd_up() {
  local t0=$SECONDS
  "$here/install.sh"
  mkdir -p "$RBD_STATE" "$RBD_LOGS"
  start_dockerd
  "$here/images.sh"
  write_pki
  write_kubeconfig

  # A ClusterIP that nothing rewrote must never leave the machine: refuse it here.
  ip route show type blackhole 2>/dev/null | grep -q "$RBD_SERVICE_CIDR" \
    || ip route add blackhole "$RBD_SERVICE_CIDR" 2>/dev/null || say "note: could not add blackhole route for $RBD_SERVICE_CIDR"

  start_component etcd etcd --name drill-etcd --data-dir "$RBD_STATE/etcd" \
    --listen-client-urls http://127.0.0.1:2379 --advertise-client-urls http://127.0.0.1:2379 \
    --listen-peer-urls http://127.0.0.1:2380 --initial-advertise-peer-urls http://127.0.0.1:2380 \
    --initial-cluster drill-etcd=http://127.0.0.1:2380
  wait_for "etcd ready" 30 curl -fsS http://127.0.0.1:2379/health \
    || { tail -20 "$RBD_LOGS/etcd.log" >&2; die "etcd did not become healthy"; }

  local pki="$RBD_STATE/pki"
  start_component kube-apiserver "$K8S_BIN/kube-apiserver" \
    --etcd-servers=http://127.0.0.1:2379 --bind-address=127.0.0.1 --secure-port=6443 \
    --advertise-address=127.0.0.1 --cert-dir="$pki/apiserver" --token-auth-file="$pki/tokens.csv" \
    --authorization-mode=Node,RBAC --service-account-key-file="$pki/sa.pub" \
    --service-account-signing-key-file="$pki/sa.key" \
    --service-account-issuer=https://kubernetes.default.svc \
    --service-cluster-ip-range="$RBD_SERVICE_CIDR" --allow-privileged=true \
    --kubelet-preferred-address-types=InternalIP \
    --enable-admission-plugins=NamespaceLifecycle,ServiceAccount,DefaultStorageClass,ResourceQuota
  wait_for "API server ready" 60 curl -fsSk https://127.0.0.1:6443/readyz \
      -H "Authorization: Bearer $(cat "$pki/token")" \
    || { tail -20 "$RBD_LOGS/kube-apiserver.log" >&2; die "kube-apiserver did not become ready"; }

  start_component kube-controller-manager "$K8S_BIN/kube-controller-manager" \
    --kubeconfig="$RBD_KUBECONFIG" --service-account-private-key-file="$pki/sa.key" \
    --use-service-account-credentials=false --bind-address=127.0.0.1 --port=0 --leader-elect=false \
    --controllers='*,-nodeipam,-cloud-node-lifecycle'
  start_component kube-scheduler "$K8S_BIN/kube-scheduler" \
    --kubeconfig="$RBD_KUBECONFIG" --bind-address=127.0.0.1 --port=0 --leader-elect=false

  # The node is published with the Docker bridge's address (this machine's own), so the
  # API server can reach the kubelet for logs and port-forward.
  local node_ip
  node_ip="$(bridge_ip)"
  [ -n "$node_ip" ] || node_ip=127.0.0.1
  write_kubelet_config "$node_ip"
  mkdir -p "$RBD_STATE/kubelet"
  start_component kubelet "$K8S_BIN/kubelet" \
    --kubeconfig="$RBD_KUBECONFIG" --config="$RBD_STATE/kubelet-config.yaml" \
    --container-runtime=docker --pod-infra-container-image="$RBD_PAUSE_IMAGE" \
    --hostname-override="$RBD_NODE" --node-ip="$node_ip" --oom-score-adj=0 \
    --root-dir="$RBD_STATE/kubelet" --cert-dir="$RBD_STATE/kubelet/pki" \
    --image-gc-high-threshold=100 --image-gc-low-threshold=99
  wait_for "node $RBD_NODE Ready" 120 node_ready \
    || { tail -30 "$RBD_LOGS/kubelet.log" >&2; die "node did not become Ready (logs: $RBD_LOGS)"; }
  say "cluster up in $((SECONDS - t0)) s; kubeconfig: $RBD_KUBECONFIG"
}

stop_pid() { # name
  local pid
  pid="$(component_pid "$1")"
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    say "stopped $1"
  fi
  rm -f "$RBD_STATE/pids/$1.pid"
}

cmd_down() {
  # The throwaway PostgreSQL of migration drills goes with the cluster.
  bash "$here/postgres.sh" down
  stop_pid kubelet
  if dockerd_running; then
    local ids
    ids="$(docker ps -aq --filter 'name=^k8s_' || true)"
    if [ -n "$ids" ]; then
      # shellcheck disable=SC2086
      docker rm -f $ids >/dev/null 2>&1 || true
      say "removed $(echo "$ids" | wc -w) pod containers"
    fi
  fi
  for c in kube-scheduler kube-controller-manager kube-apiserver etcd; do stop_pid "$c"; done
  # A throwaway cluster: the next `up` starts from an empty etcd.
  rm -rf "$RBD_STATE/etcd"
  # kubelet leaves tmpfs mounts for secrets and service account tokens.
  if [ -d "$RBD_STATE/kubelet" ]; then
    grep -o " $RBD_STATE/kubelet[^ ]*" /proc/mounts | sort -r | while read -r m; do umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true; done
    rm -rf "$RBD_STATE/kubelet" 2>/dev/null || true
  fi
  ip route del blackhole "$RBD_SERVICE_CIDR" 2>/dev/null || true
  # Stop the engine only if this script started it.
  if [ -n "$(component_pid dockerd)" ]; then
    stop_pid dockerd
    pkill -f "containerd --config /var/run/docker/containerd" 2>/dev/null || true
  fi
  say "cluster down"
}

cmd_status() {
  local ok=0
  if dockerd_running; then say "docker engine: running"; else say "docker engine: stopped"; ok=1; fi
  for c in $RBD_COMPONENTS; do
    local pid
    pid="$(component_pid "$c")"
    if [ -n "$pid" ]; then say "$c: running (pid $pid)"; else say "$c: stopped"; ok=1; fi
  done
  if [ $ok = 0 ] && node_ready; then
    say "node $RBD_NODE: Ready; kubeconfig: $RBD_KUBECONFIG"
    return 0
  fi
  say "node $RBD_NODE: not ready"
  return 1
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  kubeconfig) echo "$RBD_KUBECONFIG" ;;
  restart)
    # Fault injection for tests: stop one component and bring it back as `up` would.
    case "${2:-}" in
      etcd|kube-apiserver|kube-controller-manager|kube-scheduler|kubelet) ;;
      *) echo "usage: $0 restart etcd|kube-apiserver|kube-controller-manager|kube-scheduler|kubelet" >&2; exit 2 ;;
    esac
    stop_pid "$2"
    cmd_up ;;
  stop)
    case "${2:-}" in
      etcd|kube-apiserver|kube-controller-manager|kube-scheduler|kubelet) ;;
      *) echo "usage: $0 stop etcd|kube-apiserver|kube-controller-manager|kube-scheduler|kubelet" >&2; exit 2 ;;
    esac
    stop_pid "$2" ;;
  *) echo "usage: $0 up|down|status|kubeconfig|restart COMPONENT|stop COMPONENT" >&2; exit 2 ;;
esac
