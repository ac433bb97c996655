#!/usr/bin/env bash
# The harness's own time (not a timed test): the same no-op drill, rounds side by side, as
#   (a) ./drill run of a no-op undo scenario on a Deployment made with kubectl, and
#   (b) a shell script doing the same steps with kubectl alone: set env (a new revision),
#       rollout status, rollout undo, rollout status, three HTTP probes through the API server.
# Both run against the same Deployment in one namespace of the local cluster, alternating, each
# from a settled Deployment (two pods, none terminating), and the script prints each round's wall
# time and the medians and their ratio. The drill does more
# (preflight's access reviews and lease, the known-good record, the history put back), which is
# what the ratio measures.
#
#   ci/bench/harness-overhead.sh [rounds=5]
#
# Needs the local cluster (./drill cluster up) and the jar (./drill builds it).
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds="${1:-5}"
kc="$(./drill cluster kubeconfig)"
k() { kubectl --kubeconfig "$kc" "$@"; }
ns="bench-overhead"
work="$(mktemp -d)"
trap 'k delete namespace "$ns" --wait=false >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

# A previous run's namespace may still be going away (deleted without waiting): let it go first.
k wait --for=delete "namespace/$ns" --timeout=180s >/dev/null 2>&1 || true
k create namespace "$ns" >/dev/null 2>&1 || true
k label namespace "$ns" rollback-drill/enabled=true --overwrite >/dev/null
cat >"$work/app.yaml" <<'EOF'
apiVersion: apps/v1
kind: Deployment
metadata: {name: app, labels: {app: app}}
spec:
  replicas: 2
  selector: {matchLabels: {app: app}}
  template:
    metadata: {labels: {app: app}}
    spec:
      terminationGracePeriodSeconds: 2
      enableServiceLinks: false
      automountServiceAccountToken: false
      containers:
      - name: app
        image: rollback-drill/demo:v1
        imagePullPolicy: Never
        ports: [{containerPort: 8080}]
        readinessProbe:
          httpGet: {path: /cgi-bin/healthz, port: 8080}
          periodSeconds: 1
          timeoutSeconds: 2
          failureThreshold: 3
---
apiVersion: v1
kind: Service
metadata: {name: app}
spec:
  selector: {app: app}
  ports: [{port: 8080, targetPort: 8080}]
EOF
k -n "$ns" apply -f "$work/app.yaml" >/dev/null
k -n "$ns" rollout status deployment/app --timeout=120s >/dev/null
cat >"$work/noop.yaml" <<EOF
name: overhead-noop
target: {namespace: $ns, deployment: app, container: app, service: app}
change: {type: noop}
detect: {type: rollout-complete}
rollback: {procedure: rollout-undo}
healthy:
  http: {port: 8080, path: /cgi-bin/app, service: app}
slo: 60s
EOF

# Each `rollout status` is timed too (into $rollouts): the script's own time is its wall less them.
kubectl_steps() {
  local a b c d
  k -n "$ns" set env deployment/app DRILL_BENCH="$RANDOM$RANDOM" >/dev/null
  a=$(ms); k -n "$ns" rollout status deployment/app --timeout=120s >/dev/null; b=$(ms)
  k -n "$ns" rollout undo deployment/app >/dev/null
  c=$(ms); k -n "$ns" rollout status deployment/app --timeout=120s >/dev/null; d=$(ms)
  rollouts=$(( b - a + d - c ))
  for _ in 1 2 3; do k get --raw "/api/v1/namespaces/$ns/services/app:8080/proxy/cgi-bin/app" >/dev/null; done
}
ms() { date +%s%3N; }
# Each timed command starts from the same settled state, outside the timings: two pods, none
# terminating (kubectl's rollout status returns while the old pods still shut down, a drill's
# healthy waits for them, so without this the drill would start amid the script's leftovers).
settle() {
  for _ in $(seq 1 120); do
    pods="$(k -n "$ns" get pods -o jsonpath='{range .items[*]}{.metadata.name}={.metadata.deletionTimestamp}{"\n"}{end}')"
    [ "$(grep -c . <<<"$pods")" = 2 ] && ! grep -q '=.' <<<"$pods" && return 0
    sleep 0.5
  done
  echo "the Deployment did not settle"; exit 1
}
./drill --help >/dev/null  # builds the jar once, outside the timings

# The drill's two rollouts are its detect and healthy phases, as it printed them.
phases_ms() {
  grep -E '^\s+(detect|healthy) ' "$1" | awk '{v=$2; if (v ~ /ms$/) {sub(/ms$/, "", v)} else {sub(/s$/, "", v); v *= 1000}; t += v}
    END {printf "%d", t}'
}
drill_times=(); kubectl_times=(); drill_own=(); kubectl_own=()
for i in $(seq 1 "$rounds"); do
  settle
  t=$(ms); ./drill run "$work/noop.yaml" --cluster local --no-record --junit-xml "$work/junit" >"$work/drill-$i.log" 2>&1 \
    || { cat "$work/drill-$i.log"; exit 1; }
  drill_times+=($(( $(ms) - t )))
  drill_own+=($(( drill_times[-1] - $(phases_ms "$work/drill-$i.log") )))
  settle
  t=$(ms); kubectl_steps; kubectl_times+=($(( $(ms) - t )))
  kubectl_own+=($(( kubectl_times[-1] - rollouts )))
  echo "round $i: drill ${drill_times[-1]} ms (own ${drill_own[-1]}), kubectl script ${kubectl_times[-1]} ms (own ${kubectl_own[-1]})"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
d=$(median "${drill_times[@]}"); s=$(median "${kubectl_times[@]}")
echo "median over $rounds rounds: drill ${d} ms, kubectl script ${s} ms, ratio $(awk -v a="$d" -v b="$s" 'BEGIN {printf "%.2f", a/b}')x"
# The rollouts take 2 to 4 s each in both and vary by a readiness period from round to round; each
# command's own time (its wall less its two rollouts) varies far less, and is what the harness adds.
echo "own time (wall less the two rollouts), median: drill $(median "${drill_own[@]}") ms, kubectl script $(median "${kubectl_own[@]}") ms"
grep -E '^\s+preflight' "$work"/drill-*.log | sed 's/^/  /' || true
echo "the last round's drill, as it printed:"
grep -v "^\[cluster\]" "$work/drill-$rounds.log" | sed "s/^/  /"
