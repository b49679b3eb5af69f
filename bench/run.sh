#!/usr/bin/env bash
# Sluice vs Argo Rollouts, one command: builds Argo Rollouts' controller (bench/build-argo-rollouts.sh) and Sluice's
# operator, starts a local control plane of its own with enough kwok nodes, installs both projects' CRDs, runs
# both controllers one after the other on the same workloads (bench/bench.py) and prints one table with ratios.
# Not part of .ci/run: about 30 minutes with the default sizes. docs/performance.md keeps the latest table.
#
# Usage: bench/run.sh
# Environment:
#   BENCH_SIZES        Rollout counts, ascending (default 200,1000)
#   BENCH_RELEASES     canaries released one at a time for the latency figures (default 5)
#   BENCH_ABORTS       canaries aborted at their 50% step, one at a time, for the abort latency (default 20)
#   BENCH_BURST        1 = also release 10% of the largest size at once and report the peak RSS (default 0)
#   BENCH_AUDIT        1 = the API server keeps an audit log of the Rollout and VirtualService writes, and the table
#                      splits a step into the server's time and the controller's (bench/audit.py; default 0: the
#                      log costs every request a little, so the other figures are a little slower)
#   BENCH_CONTROLLERS  sluice,argo (default), or one of them
#   SLUICE_CLUSTER     the control plane's name (default sluice-bench); SLUICE_NODES its kwok nodes (default 12)
#   BENCH_PORT         Sluice's HTTP port (default 18080); Argo's health and metrics ports are the next two
#   BENCH_KEEP         1 = leave the control plane running at the end (default 0: hack/local-cluster.sh down)
# The raw results go to ${SLUICE_CACHE:-~/.cache/sluice}/logs/bench-<time>.json, the controllers' logs beside it.
set -euo pipefail
# shellcheck source=../hack/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../hack/lib.sh"
cd "${REPO_ROOT}"
[[ "${1:-}" == "-h" || "${1:-}" == "--help" ]] && { usage; exit 0; }

export SLUICE_CLUSTER="${SLUICE_CLUSTER:-sluice-bench}"
# 110 pods per kwok node: room for the largest size plus the canaries of a release burst.
largest="${BENCH_SIZES:-200,1000}"; largest="${largest##*,}"
export SLUICE_NODES="${SLUICE_NODES:-$(( largest / 100 + 2 ))}"

audit=()
if [[ "${BENCH_AUDIT:-0}" == 1 ]]; then
  export SLUICE_AUDIT_POLICY="${REPO_ROOT}/bench/audit-policy.yaml"
fi
argo_bin="$(bench/build-argo-rollouts.sh | tail -n 1)"
log "building Sluice's operator"
./mvnw -q -B -pl operator -am package -DskipTests
kubeconfig="$(hack/local-cluster.sh up | tail -n 1)"
if [[ "${BENCH_KEEP:-0}" != 1 ]]; then
  trap 'hack/local-cluster.sh down >&2 || true' EXIT
fi
kubectl="$(hack/build-control-plane.sh | tail -n 1)/kubectl"
if [[ "${BENCH_AUDIT:-0}" == 1 ]]; then
  audit=(--audit-log "$(dirname "${kubeconfig}")/logs/audit.log")
fi
argo_crds="$(cd / && GOTOOLCHAIN=local GOWORK=off GOFLAGS='' go mod download -json \
  "github.com/argoproj/argo-rollouts@${ARGO_ROLLOUTS_VERSION}" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')/manifests/crds"
for crd in rollout analysis-run analysis-template cluster-analysis-template experiment; do
  "${kubectl}" --kubeconfig "${kubeconfig}" apply --server-side --force-conflicts -f "${argo_crds}/${crd}-crd.yaml" >&2
done

logs="${SLUICE_CACHE}/logs"
mkdir -p "${logs}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
burst=()
[[ "${BENCH_BURST:-0}" == 1 ]] && burst=(--burst)
log "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/^Mem:/ {print $2}') GiB"
python3 bench/bench.py --kubeconfig "${kubeconfig}" --kubectl "${kubectl}" \
  --controllers "${BENCH_CONTROLLERS:-sluice,argo}" --sizes "${BENCH_SIZES:-200,1000}" \
  --releases "${BENCH_RELEASES:-5}" --aborts "${BENCH_ABORTS:-20}" "${burst[@]}" "${audit[@]}" \
  --sluice-cmd "env MALLOC_ARENA_MAX=2 java ${OPERATOR_JAVA_OPTS} -jar ${REPO_ROOT}/operator/target/quarkus-app/quarkus-run.jar" \
  --argo-bin "${argo_bin}" --logs "${logs}" --json "${logs}/bench-${stamp}.json"
