#!/usr/bin/env bash
# Flux as the GitOps agent of the local control plane: source-controller and kustomize-controller, built from
# their Go modules by hack/build-flux.sh, run as plain processes against the cluster's API server (as the control
# plane itself runs), leader election off, every port on 127.0.0.1.
#
# Usage: hack/flux.sh run|crds
#   crds  install (server-side apply) Flux's CRDs from the module zips and wait until they are Established
#   run   crds, then start both controllers and keep them in the foreground; prints "ready" on stdout once both
#         answer their health checks; SIGTERM / SIGINT / end of this script stop both
#
# Environment:
#   KUBECONFIG          the cluster (default: hack/local-cluster.sh kubeconfig, i.e. the local cluster SLUICE_CLUSTER)
#   SLUICE_CLUSTER      local cluster name (default sluice); names the state directory too
#   SLUICE_FLUX_DIR     artifacts and logs (default $SLUICE_CACHE/flux/$SLUICE_CLUSTER): source-controller.log,
#                       kustomize-controller.log, storage/
#   SLUICE_FLUX_LOG_LEVEL  the controllers' --log-level (default info)
# Logs go to stderr.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CLUSTER="${SLUICE_CLUSTER:-sluice}"
STATE="${SLUICE_FLUX_DIR:-${SLUICE_CACHE}/flux/${CLUSTER}}"
LOG_LEVEL="${SLUICE_FLUX_LOG_LEVEL:-info}"

FLUX_DIR=""
KUBECTL=""
prepare() {
  FLUX_DIR="$("${HACK_DIR}/build-flux.sh" | tail -n 1)"
  KUBECTL="$("${HACK_DIR}/build-control-plane.sh" | tail -n 1)/kubectl"
  if [[ -z "${KUBECONFIG:-}" ]]; then
    KUBECONFIG="$("${HACK_DIR}/local-cluster.sh" kubeconfig | tail -n 1)"
  fi
  export KUBECONFIG
}

cmd_crds() {
  local -a args=()
  local f out
  for f in "${FLUX_DIR}"/crds/*.yaml; do args+=(-f "${f}"); done
  log "installing Flux's CRDs (source-controller ${FLUX_SOURCE_CONTROLLER_VERSION}, kustomize-controller ${FLUX_KUSTOMIZE_CONTROLLER_VERSION})"
  out="$("${KUBECTL}" apply --server-side --force-conflicts --field-manager=sluice-flux -o name "${args[@]}")" \
    || die "kubectl apply of Flux's CRDs failed"
  # shellcheck disable=SC2086
  "${KUBECTL}" wait --for=condition=Established --timeout=2m ${out} >&2
}

# free_port: a TCP port free on 127.0.0.1 right now.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

PIDS=()
stop() {
  local pid
  for pid in "${PIDS[@]}"; do kill "${pid}" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "${pid}" 2>/dev/null || true; done
  PIDS=()
}

# healthy PORT: the controller's health endpoint answers /readyz.
healthy() { python3 - "$1" <<'EOF' 2>/dev/null
import sys, urllib.request
urllib.request.urlopen("http://127.0.0.1:%s/readyz" % sys.argv[1], timeout=2).read()
EOF
}

cmd_run() {
  mkdir -p "${STATE}/storage"
  local storage sc_health kc_health
  storage="$(free_port)"; sc_health="$(free_port)"; kc_health="$(free_port)"
  trap stop EXIT
  trap 'exit 143' TERM
  trap 'exit 130' INT
  # Metrics are off (address 0): nothing here scrapes them.
  "${FLUX_DIR}/source-controller" --enable-leader-election=false --log-level="${LOG_LEVEL}" \
    --metrics-addr=0 --health-addr="127.0.0.1:${sc_health}" \
    --storage-path="${STATE}/storage" --storage-addr="127.0.0.1:${storage}" --storage-adv-addr="127.0.0.1:${storage}" \
    >"${STATE}/source-controller.log" 2>&1 &
  PIDS+=($!)
  "${FLUX_DIR}/kustomize-controller" --enable-leader-election=false --log-level="${LOG_LEVEL}" \
    --metrics-addr=0 --health-addr="127.0.0.1:${kc_health}" \
    >"${STATE}/kustomize-controller.log" 2>&1 &
  PIDS+=($!)
  local deadline=$((SECONDS + 120)) pid
  until healthy "${sc_health}" && healthy "${kc_health}"; do
    for pid in "${PIDS[@]}"; do
      kill -0 "${pid}" 2>/dev/null || die "a Flux controller exited at start: see ${STATE}/*.log"
    done
    (( SECONDS < deadline )) || die "Flux's controllers did not become ready in 120s: see ${STATE}/*.log"
    sleep 0.5
  done
  log "source-controller (artifacts on 127.0.0.1:${storage}) and kustomize-controller are running; logs in ${STATE}"
  echo "ready"
  # Runs until a controller exits or this script is stopped.
  wait -n "${PIDS[@]}" || true
  die "a Flux controller exited: see ${STATE}/*.log"
}

case "${1:-}" in
  crds) prepare; cmd_crds ;;
  run) prepare; cmd_crds; cmd_run ;;
  -h|--help|help) usage ;;
  *) usage; exit 2 ;;
esac
