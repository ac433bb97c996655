# Shared settings for the local cluster scripts. Sourced, never run.
# Everything here can be overridden from the environment.

K8S_VERSION="${RBD_K8S_VERSION:-1.20.2}"
RBD_CACHE="${RBD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rollback-drill}"
# Built server binaries, keyed by version, shared by every checkout on the machine.
K8S_BIN="$RBD_CACHE/kubernetes-$K8S_VERSION/bin"
# Runtime state of the one local cluster on this machine.
RBD_STATE="${RBD_STATE:-$RBD_CACHE/local-cluster}"
RBD_LOGS="$RBD_STATE/logs"
RBD_KUBECONFIG="$RBD_STATE/kubeconfig"
RBD_NODE="${RBD_NODE:-drill-node}"
RBD_SERVICE_CIDR="${RBD_SERVICE_CIDR:-10.231.0.0/16}"
RBD_PAUSE_IMAGE="rollback-drill/pause:3.4"
RBD_DEMO_IMAGE="rollback-drill/demo"
RBD_COMPONENTS="etcd kube-apiserver kube-controller-manager kube-scheduler kubelet"

say() { printf '[cluster] %s\n' "$*" >&2; }
die() { printf '[cluster] error: %s\n' "$*" >&2; exit 1; }

# pid of a component we started, or empty when it is not running.
component_pid() {
  local f="$RBD_STATE/pids/$1.pid" pid
  [ -f "$f" ] || return 0
  pid="$(cat "$f")"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then echo "$pid"; fi
}

# The Docker bridge's own address: the node's address, and where pods reach this machine.
bridge_ip() {
  { ip -4 -o addr show docker0 2>/dev/null || true; } | awk '{print $4}' | cut -d/ -f1 | head -1
}

dockerd_running() { docker info >/dev/null 2>&1; }
