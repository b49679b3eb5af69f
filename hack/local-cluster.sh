#!/usr/bin/env bash
# A local Kubernetes control plane for Sluice: etcd, kube-apiserver,
# kube-controller-manager, kube-scheduler and the kwok controller (fake nodes
# and pods), all built from Go modules by hack/build-control-plane.sh and run
# as plain processes by kwokctl's binary runtime. Nothing is downloaded.
#
# Usage: hack/local-cluster.sh up|down|kubeconfig|crds
#   up          build what is missing, create (or reuse) the cluster, add kwok
#               nodes, install the CRDs, wait until ready; the last stdout
#               line is the kubeconfig path
#   down        delete the cluster and check that none of its processes remain
#   kubeconfig  print the kubeconfig path (fails if the cluster was never created)
#   restart     restart kube-apiserver and the controllers (etcd and kwok keep running)
#   crds        prepare the third-party CRD manifests (Gateway API, Istio, SMI, Traefik, APISIX, Emissary, App Mesh) in
#               the cache and print their directory; no cluster needed
#
# Environment:
#   SLUICE_CACHE          cache root (default ~/.cache/sluice)
#   SLUICE_CLUSTER        cluster name (default sluice)
#   SLUICE_NODES          number of kwok nodes (default 2)
#   SLUICE_WAIT           how long to wait for readiness (default 5m)
#   SLUICE_KWOK_WORKDIR   kwokctl work dir (default $SLUICE_CACHE/kwok)
#   SLUICE_REPO_CRDS      0 = do not apply crds/manifests/ (default 1)
#   SLUICE_AUDIT_POLICY   an audit policy file: kube-apiserver then logs what it matches to the cluster's
#                         logs/audit.log (bench/run.sh's BENCH_AUDIT=1 uses it; off by default, it costs each
#                         request a little). A cluster created with another policy, or none, is recreated.
# Logs go to stderr.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CLUSTER="${SLUICE_CLUSTER:-sluice}"
AUDIT_POLICY="${SLUICE_AUDIT_POLICY:+$(readlink -f "${SLUICE_AUDIT_POLICY}")}"
NODES="${SLUICE_NODES:-2}"
WAIT="${SLUICE_WAIT:-5m}"

# kwokctl reads KWOK_* variables and lets them override its config file: keep
# only the work dir, so a stray KWOK_RUNTIME (say) cannot change the setup.
while IFS= read -r var; do unset "${var}"; done < <(compgen -e | grep '^KWOK_' || true)
export KWOK_WORKDIR="${SLUICE_KWOK_WORKDIR:-${SLUICE_CACHE}/kwok}"
CLUSTER_DIR="${KWOK_WORKDIR}/clusters/${CLUSTER}"
KUBECONFIG_PATH="${CLUSTER_DIR}/kubeconfig.yaml"

# seconds DURATION: 5m / 90s / 1h / 120 -> seconds
seconds() {
  local d="$1"
  case "${d}" in
    *h) echo $(( ${d%h} * 3600 )) ;;
    *m) echo $(( ${d%m} * 60 )) ;;
    *s) echo "${d%s}" ;;
    *) echo "${d}" ;;
  esac
}

# --- binaries -----------------------------------------------------------------

BIN_DIR=""
ensure_binaries() {
  BIN_DIR="$("${HACK_DIR}/build-control-plane.sh" | tail -n 1)"
  [[ -x "${BIN_DIR}/kwokctl" && -x "${BIN_DIR}/kubectl" ]] || die "build-control-plane.sh gave no usable bin dir (${BIN_DIR})"
  # absolute paths of the real files (kwokctl is handed these)
  KWOKCTL="$(readlink -f "${BIN_DIR}/kwokctl")"
  KUBECTL="$(readlink -f "${BIN_DIR}/kubectl")"
}

# fds 8 and 9 (the locks, see lock() and create_cluster()) are closed for kwokctl: the components it starts
# live on after this script and must not hold the locks.
# "delete cluster --kubeconfig" names the cluster's own kubeconfig (deleted
# anyway): the default is ~/.kube/config and an empty value is refused.
kwokctl() { "${KWOKCTL}" --name "${CLUSTER}" "$@" 8>&- 9>&-; }
kc() { "${KUBECTL}" --kubeconfig "${KUBECONFIG_PATH}" "$@"; }

write_config() {
  local cfg="$1"
  mkdir -p "$(dirname "${cfg}")"
  cat >"${cfg}" <<EOF
# Written by hack/local-cluster.sh: every component is a local binary.
kind: KwokctlConfiguration
apiVersion: config.kwok.x-k8s.io/v1alpha1
options:
  runtime: binary
  bindAddress: 127.0.0.1
  kubeVersion: ${KUBE_VERSION}
  etcdVersion: ${ETCD_VERSION#v}
  kwokVersion: ${KWOK_VERSION}
  securePort: true
  kubeAuthorization: true
  kubeApiserverBinary: $(readlink -f "${BIN_DIR}/kube-apiserver")
  kubeControllerManagerBinary: $(readlink -f "${BIN_DIR}/kube-controller-manager")
  kubeSchedulerBinary: $(readlink -f "${BIN_DIR}/kube-scheduler")
  kubectlBinary: $(readlink -f "${BIN_DIR}/kubectl")
  etcdBinary: $(readlink -f "${BIN_DIR}/etcd")
  kwokControllerBinary: $(readlink -f "${BIN_DIR}/kwok")
${AUDIT_POLICY:+  kubeAuditPolicy: ${AUDIT_POLICY}}
EOF
  write_stages >>"${cfg}"
}

# --- kwok stages -----------------------------------------------------------------

# kwokctl gives kwok its default stages only when its config has none. Ours
# (hack/kube/kwok-stages/: Job pods that fail or run on, as their annotations
# say) come with kwok's own node stages and fast pod stages, read from kwok's
# module; a stage of ours replaces kwok's of the same name.
STAGES_DIR="${HACK_DIR}/kube/kwok-stages"
KWOK_STAGES=(node/fast/node-initialize node/heartbeat-with-lease/node-heartbeat-with-lease
  pod/fast/pod-ready pod/fast/pod-complete pod/fast/pod-delete)

write_stages() {
  local kwok_stages ours stage
  kwok_stages="$(module_dir sigs.k8s.io/kwok "${KWOK_VERSION}")/kustomize/stage"
  ours="$(cat "${STAGES_DIR}"/*.yaml)"
  for stage in "${KWOK_STAGES[@]}"; do
    if grep -qx "  name: $(basename "${stage}")" <<<"${ours}"; then
      continue
    fi
    echo "---"
    cat "${kwok_stages}/${stage}.yaml"
  done
  for stage in "${STAGES_DIR}"/*.yaml; do
    echo "---"
    cat "${stage}"
  done
}

# Marks a cluster with the stages (and audit policy, if any) it was created with, so a change recreates it.
config_mark() {
  local mark
  mark="${CLUSTER_DIR}/sluice-stages-$(cat "${STAGES_DIR}"/*.yaml | sha256sum | cut -c1-16)"
  if [[ -n "${AUDIT_POLICY}" ]]; then
    mark+="-audit-$(sha256sum <"${AUDIT_POLICY}" | cut -c1-16)"
  fi
  echo "${mark}"
}

apiserver_ready() {
  [[ -f "${KUBECONFIG_PATH}" ]] && kc --request-timeout=5s get --raw=/readyz >/dev/null 2>&1
}

cluster_exists() {
  [[ -d "${CLUSTER_DIR}" ]]
}

# --- third-party CRDs -----------------------------------------------------------

# module_dir MODULE VERSION: directory of a published Go module (downloaded
# once into the module cache, checked against go.sum's checksum database).
module_dir() {
  local dir
  dir="$(cd / && GOTOOLCHAIN=local GOWORK=off GOFLAGS='' go mod download -json "$1@$2" \
    | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')"
  [[ -n "${dir}" && -d "${dir}" ]] || die "go mod download $1@$2 gave no directory"
  echo "${dir}"
}

# prepare_crds: fills ${SLUICE_CACHE}/crds/{gateway-api-V,istio-api-V,smi-sdk-go-V,traefik-V,apisix-V,emissary-V,appmesh-V}/ once.
CRD_DIR=""
prepare_crds() {
  CRD_DIR="${SLUICE_CACHE}/crds"
  local gw="${CRD_DIR}/gateway-api-${GATEWAY_API_VERSION}"
  local istio="${CRD_DIR}/istio-api-${ISTIO_API_VERSION}"
  local smi="${CRD_DIR}/smi-sdk-go-${SMI_SDK_GO_VERSION}"
  local traefik="${CRD_DIR}/traefik-${TRAEFIK_VERSION}"
  local apisix="${CRD_DIR}/apisix-${APISIX_INGRESS_VERSION}"
  local emissary="${CRD_DIR}/emissary-${EMISSARY_VERSION}"
  local appmesh="${CRD_DIR}/appmesh-${EKS_CHARTS_VERSION}"
  if [[ ! -f "${gw}/.complete" ]]; then
    command -v go >/dev/null || die "go is needed to fetch sigs.k8s.io/gateway-api"
    local src
    src="$(module_dir sigs.k8s.io/gateway-api "${GATEWAY_API_VERSION}")/config/crd/standard"
    [[ -f "${src}/gateway.networking.k8s.io_httproutes.yaml" ]] || die "no HTTPRoute CRD in ${src}"
    rm -rf "${gw}"; mkdir -p "${gw}"
    cp "${src}"/*.yaml "${gw}/"
    chmod u+w "${gw}"/*.yaml
    touch "${gw}/.complete"
  fi
  if [[ ! -f "${istio}/.complete" ]]; then
    command -v go >/dev/null || die "go is needed to fetch istio.io/api"
    local src
    src="$(module_dir istio.io/api "${ISTIO_API_VERSION}")/kubernetes/customresourcedefinitions.gen.yaml"
    [[ -f "${src}" ]] || die "no ${src}"
    rm -rf "${istio}"; mkdir -p "${istio}"
    # Keep only the VirtualService and DestinationRule documents.
    awk '
      function flush() { if (keep) printf "---\n%s", doc; doc = ""; keep = 0 }
      /^---[[:space:]]*$/ { flush(); next }
      /^  name: (virtualservices|destinationrules)\.networking\.istio\.io[[:space:]]*$/ { keep = 1 }
      { doc = doc $0 "\n" }
      END { flush() }
    ' "${src}" >"${istio}/istio-traffic-crds.yaml"
    local n
    n="$(grep -cE '^  name: (virtualservices|destinationrules)\.networking\.istio\.io' "${istio}/istio-traffic-crds.yaml" || true)"
    [[ "${n}" == 2 ]] || die "expected 2 Istio CRDs in ${src}, extracted ${n}"
    touch "${istio}/.complete"
  fi
  if [[ ! -f "${smi}/.complete" ]]; then
    command -v go >/dev/null || die "go is needed to fetch github.com/servicemeshinterface/smi-sdk-go"
    python3 -c 'import yaml' 2>/dev/null || die "python3 with PyYAML is needed to rewrite SMI's v1beta1 CRD"
    local src
    src="$(module_dir github.com/servicemeshinterface/smi-sdk-go "${SMI_SDK_GO_VERSION}")/crds/split.yaml"
    [[ -f "${src}" ]] || die "no ${src}"
    rm -rf "${smi}"; mkdir -p "${smi}"
    "${REPO_ROOT}/hack/crd-v1beta1-to-v1.py" <"${src}" >"${smi}/smi-trafficsplit-crd.yaml"
    grep -q '^  name: trafficsplits.split.smi-spec.io' "${smi}/smi-trafficsplit-crd.yaml" \
      || die "no TrafficSplit CRD in ${src}"
    touch "${smi}/.complete"
  fi
  if [[ ! -f "${traefik}/.complete" ]]; then
    command -v go >/dev/null || die "go is needed to fetch github.com/traefik/traefik/v3"
    local src kind
    src="$(module_dir github.com/traefik/traefik/v3 "${TRAEFIK_VERSION}")/docs/content/reference/dynamic-configuration"
    rm -rf "${traefik}"; mkdir -p "${traefik}"
    for kind in traefikservices ingressroutes; do
      [[ -f "${src}/traefik.io_${kind}.yaml" ]] || die "no ${kind} CRD in ${src}"
      cp "${src}/traefik.io_${kind}.yaml" "${traefik}/"
    done
    chmod u+w "${traefik}"/*.yaml
    touch "${traefik}/.complete"
  fi
  if [[ ! -f "${apisix}/.complete" ]]; then
    command -v go >/dev/null || die "go is needed to fetch github.com/apache/apisix-ingress-controller"
    local src
    src="$(module_dir github.com/apache/apisix-ingress-controller "${APISIX_INGRESS_VERSION}")/samples/deploy/crd/v1/ApisixRoute.yaml"
    [[ -f "${src}" ]] || die "no ${src}"
    rm -rf "${apisix}"; mkdir -p "${apisix}"
    cp "${src}" "${apisix}/apisix-route-crd.yaml"
    chmod u+w "${apisix}/apisix-route-crd.yaml"
    touch "${apisix}/.complete"
  fi
  if [[ ! -f "${emissary}/.complete" ]]; then
    command -v go >/dev/null || die "go is needed to fetch github.com/emissary-ingress/emissary/v3"
    python3 -c 'import yaml' 2>/dev/null || die "python3 with PyYAML is needed to drop Emissary's conversion webhook"
    local src
    src="$(module_dir github.com/emissary-ingress/emissary/v3 "${EMISSARY_VERSION}")/manifests/emissary/emissary-crds.yaml.in"
    [[ -f "${src}" ]] || die "no ${src}"
    rm -rf "${emissary}"; mkdir -p "${emissary}"
    "${REPO_ROOT}/hack/crd-without-conversion-webhook.py" mappings.getambassador.io <"${src}" >"${emissary}/emissary-mapping-crd.yaml"
    touch "${emissary}/.complete"
  fi
  if [[ ! -f "${appmesh}/.complete" ]]; then
    command -v go >/dev/null || die "go is needed to fetch github.com/aws/eks-charts"
    python3 -c 'import yaml' 2>/dev/null || die "python3 with PyYAML is needed to cut out the App Mesh CRDs"
    local src
    src="$(module_dir github.com/aws/eks-charts "${EKS_CHARTS_VERSION}")/stable/appmesh-controller/crds/crds.yaml"
    [[ -f "${src}" ]] || die "no ${src}"
    rm -rf "${appmesh}"; mkdir -p "${appmesh}"
    # No conversion webhook there: the tool only cuts the three CRDs out.
    "${REPO_ROOT}/hack/crd-without-conversion-webhook.py" virtualservices.appmesh.k8s.aws virtualrouters.appmesh.k8s.aws \
      virtualnodes.appmesh.k8s.aws <"${src}" >"${appmesh}/appmesh-crds.yaml"
    touch "${appmesh}/.complete"
  fi
}

# apply_and_wait FILE...: server-side apply (CRDs are too big for the
# last-applied annotation), then wait for every CRD among them to be Established.
apply_and_wait() {
  local out crds f
  local -a args=()
  for f in "$@"; do args+=(-f "${f}"); done
  out="$(kc apply --server-side --force-conflicts --field-manager=sluice-local-cluster -o name "${args[@]}")" \
    || die "kubectl apply failed for: $*"
  crds="$(grep '^customresourcedefinition' <<<"${out}" || true)"
  if [[ -n "${crds}" ]]; then
    # shellcheck disable=SC2086
    kc wait --for=condition=Established --timeout="${WAIT}" ${crds} >&2
  fi
}

install_crds() {
  prepare_crds
  local -a files=()
  log "installing Gateway API ${GATEWAY_API_VERSION} standard CRDs"
  mapfile -t files < <(find "${CRD_DIR}/gateway-api-${GATEWAY_API_VERSION}" -name '*.yaml' | LC_ALL=C sort)
  apply_and_wait "${files[@]}"
  log "installing Istio ${ISTIO_API_VERSION} VirtualService and DestinationRule CRDs"
  apply_and_wait "${CRD_DIR}/istio-api-${ISTIO_API_VERSION}/istio-traffic-crds.yaml"
  log "installing SMI TrafficSplit CRD (smi-sdk-go ${SMI_SDK_GO_VERSION})"
  apply_and_wait "${CRD_DIR}/smi-sdk-go-${SMI_SDK_GO_VERSION}/smi-trafficsplit-crd.yaml"
  log "installing Traefik ${TRAEFIK_VERSION} TraefikService and IngressRoute CRDs"
  apply_and_wait "${CRD_DIR}/traefik-${TRAEFIK_VERSION}"/traefik.io_*.yaml
  log "installing APISIX ApisixRoute CRD (apisix-ingress-controller ${APISIX_INGRESS_VERSION})"
  apply_and_wait "${CRD_DIR}/apisix-${APISIX_INGRESS_VERSION}/apisix-route-crd.yaml"
  log "installing Emissary ${EMISSARY_VERSION} Mapping CRD (without its conversion webhook)"
  apply_and_wait "${CRD_DIR}/emissary-${EMISSARY_VERSION}/emissary-mapping-crd.yaml"
  log "installing App Mesh VirtualService, VirtualRouter and VirtualNode CRDs (eks-charts ${EKS_CHARTS_VERSION})"
  apply_and_wait "${CRD_DIR}/appmesh-${EKS_CHARTS_VERSION}/appmesh-crds.yaml"
  if [[ "${SLUICE_REPO_CRDS:-1}" == 0 ]]; then
    log "SLUICE_REPO_CRDS=0: skipping crds/manifests"
  elif [[ -d "${REPO_ROOT}/crds/manifests" ]]; then
    mapfile -t files < <(find "${REPO_ROOT}/crds/manifests" -type f \( -name '*.yaml' -o -name '*.yml' \) | LC_ALL=C sort)
    if [[ ${#files[@]} -gt 0 ]]; then
      log "installing ${#files[@]} Sluice manifest(s) from crds/manifests"
      apply_and_wait "${files[@]}"
    else
      log "crds/manifests has no *.yaml yet: skipping Sluice CRDs"
    fi
  else
    log "no crds/manifests directory yet: skipping Sluice CRDs"
  fi
}

# --- readiness ---------------------------------------------------------------------

wait_for() {
  local what="$1"; shift
  local deadline=$(( SECONDS + $(seconds "${WAIT}") ))
  until "$@" >/dev/null 2>&1; do
    (( SECONDS < deadline )) || die "timed out after ${WAIT} waiting for ${what}"
    sleep 1
  done
}

enough_nodes() {
  [[ "$(kc get nodes -o name | wc -l)" -ge "${NODES}" ]]
}

wait_ready() {
  log "waiting for ${NODES} Ready node(s)"
  wait_for "${NODES} nodes" enough_nodes
  kc wait --for=condition=Ready node --all --timeout="${WAIT}" >&2
  # The controller-manager creates each namespace's default ServiceAccount;
  # pods are rejected until it exists.
  log "waiting for the default ServiceAccount"
  wait_for "serviceaccount default/default" kc -n default get serviceaccount default
}

# --- commands --------------------------------------------------------------------

# fd 8 holds a per-cluster lock while up/down run. kwokctl starts the
# components as detached processes: they must not inherit fd 8, or they would
# hold the lock for as long as the cluster runs (see kwokctl() above).
# (The file name differs from the .<cluster>.lock of an earlier version of
# this script, whose components did hold that lock.)
lock() {
  hold_lock 8 "${KWOK_WORKDIR}/${CLUSTER}.cluster-lock"
}

create_cluster() {
  local cfg="${KWOK_WORKDIR}/${CLUSTER}.kwokctl.yaml"
  write_config "${cfg}"
  log "dry run: checking that kwokctl would download nothing"
  local plan
  plan="$(kwokctl --config "${cfg}" --dry-run create cluster --kubeconfig "" 2>&1)" \
    || { echo "${plan}" >&2; die "kwokctl --dry-run create cluster failed"; }
  # Local binaries show up as "# Download /abs/path to ...": only a remote
  # source (http/https) means a real download.
  if grep -Ei '(download|wget|curl).*https?://' <<<"${plan}" >&2; then
    die "kwokctl would download the lines above; check the binaries in ${cfg}"
  fi
  # kwokctl picks each component's port by finding a free one, and the component binds it only when it starts:
  # two clusters created at once can pick the same port, and one of them never serves (etcd "address already in
  # use"). One machine-wide lock (fd 9) covers creation until the API server serves, so creations take turns;
  # a port taken by some other process in the meantime is handled by creating again.
  hold_lock 9 "${KWOK_WORKDIR}/create.lock"
  local attempt
  for attempt in 1 2 3; do
    log "creating cluster ${CLUSTER} (work dir ${KWOK_WORKDIR}, attempt ${attempt})"
    # --kubeconfig "": leave ~/.kube/config alone, use the cluster's own file. kwokctl may exit 0 when its own
    # wait failed, so readiness is checked here as well.
    if kwokctl --config "${cfg}" create cluster --kubeconfig "" --wait "${WAIT}" --timeout "${WAIT}" >&2 \
        && serving_within 60; then
      exec 9>&-
      touch "$(config_mark)"
      return 0
    fi
    log "cluster ${CLUSTER} does not serve (see ${CLUSTER_DIR}/logs): deleting the half-created cluster"
    forget_stale_pids
    kwokctl delete cluster --kubeconfig "${KUBECONFIG_PATH}" >&2 || true
  done
  exec 9>&-
  die "kwokctl create cluster failed ${attempt} times"
}

# serving_within SECONDS: true once the API server answers /readyz, false after SECONDS.
serving_within() {
  local deadline=$(( SECONDS + $1 ))
  until apiserver_ready; do
    (( SECONDS < deadline )) || return 1
    sleep 1
  done
}

cmd_up() {
  ensure_binaries
  lock
  if [[ -n "${SLUICE_AUDIT_POLICY:-}" && ! -f "${AUDIT_POLICY}" ]]; then
    die "SLUICE_AUDIT_POLICY: no such file: ${SLUICE_AUDIT_POLICY}"
  fi
  if cluster_exists && [[ ! -f "$(config_mark)" ]]; then
    log "cluster ${CLUSTER} was created with other kwok stages or another audit policy: recreating it"
    kwokctl delete cluster --kubeconfig "${KUBECONFIG_PATH}" >&2 || true
  fi
  if cluster_exists; then
    if apiserver_ready; then
      log "cluster ${CLUSTER} is already running: reusing it"
    else
      log "cluster ${CLUSTER} exists but is not serving: starting it"
      forget_stale_pids
      if ! kwokctl start cluster --wait "${WAIT}" --timeout "${WAIT}" >&2 || ! apiserver_ready; then
        log "start failed: recreating the cluster"
        kwokctl delete cluster --kubeconfig "${KUBECONFIG_PATH}" >&2 || true
        create_cluster
      fi
    fi
  else
    create_cluster
  fi
  wait_for "kube-apiserver /readyz" apiserver_ready
  log "scaling to ${NODES} kwok node(s)"
  kwokctl scale node --replicas "${NODES}" >&2
  wait_ready
  install_crds
  log "ready: $(kc version 2>/dev/null | grep -i '^server' || true)"
  echo "${KUBECONFIG_PATH}"
}

cluster_pids() {
  # control-plane processes whose command line names this cluster's work dir
  # (kwokctl passes it to every component it starts)
  local pid exe
  for pid in $(pgrep -f -- "${CLUSTER_DIR}/" || true); do
    exe="$(readlink "/proc/${pid}/exe" 2>/dev/null || true)"
    case "${exe##*/}" in
      etcd|kube-apiserver|kube-controller-manager|kube-scheduler|kwok) echo "${pid}" ;;
    esac
  done
}

# After a machine restart a cluster's pid files name processes that are gone, and their numbers may now belong
# to someone else's processes (another cluster's kube-apiserver): kwokctl stop/delete would signal those. Forget
# every pid file whose process is not one of this cluster's.
forget_stale_pids() {
  local file pid live
  live=" $(cluster_pids | tr '\n' ' ') "
  for file in "${CLUSTER_DIR}"/pids/*.pid; do
    [[ -f "${file}" ]] || continue
    pid="$(tr -dc '0-9' <"${file}")"
    [[ -n "${pid}" && "${live}" == *" ${pid} "* ]] || rm -f "${file}"
  done
}

cmd_down() {
  lock
  if cluster_exists; then
    forget_stale_pids
    ensure_binaries
    log "deleting cluster ${CLUSTER}"
    kwokctl delete cluster --kubeconfig "${KUBECONFIG_PATH}" >&2 || log "kwokctl delete cluster reported an error"
  else
    log "cluster ${CLUSTER} does not exist"
  fi
  local deadline=$(( SECONDS + 30 )) pids
  pids="$(cluster_pids)"
  while [[ -n "${pids}" ]] && (( SECONDS < deadline )); do
    sleep 1
    pids="$(cluster_pids)"
  done
  if [[ -n "${pids}" ]]; then
    log "processes of cluster ${CLUSTER} still running, stopping them: ${pids//$'\n'/ }"
    # shellcheck disable=SC2086
    kill ${pids} 2>/dev/null || true
    sleep 3
    pids="$(cluster_pids)"
    # shellcheck disable=SC2086
    [[ -z "${pids}" ]] || kill -9 ${pids} 2>/dev/null || true
  fi
  rm -rf "${CLUSTER_DIR}"
  [[ -z "$(cluster_pids)" ]] || die "processes of cluster ${CLUSTER} remain"
  log "cluster ${CLUSTER} is down"
}

# Stops kube-apiserver, kube-controller-manager and kube-scheduler (SIGTERM, then SIGKILL) and lets kwokctl
# start them again. etcd keeps running, so what the cluster stored must still be there afterwards. The two
# controllers go too because they exit on their own some seconds after losing the apiserver, possibly after
# kwokctl has looked; the kwok controller stays (after a restart of its own it no longer advances pods).
cmd_restart() {
  lock
  cluster_exists || die "cluster ${CLUSTER} does not exist"
  ensure_binaries
  local component pid pids=() before
  before="$(cat "${CLUSTER_DIR}/pids/kube-apiserver.pid")"
  for component in kube-apiserver kube-controller-manager kube-scheduler; do
    pid="$(cat "${CLUSTER_DIR}/pids/${component}.pid" 2>/dev/null || true)"
    [[ -n "${pid}" ]] && kill -0 "${pid}" 2>/dev/null && pids+=("${pid}")
  done
  log "stopping kube-apiserver, kube-controller-manager, kube-scheduler (pids ${pids[*]})"
  kill "${pids[@]}" 2>/dev/null || true
  # Open watches keep a terminating apiserver draining for a long time: after a grace period, kill it.
  local deadline=$(( SECONDS + 10 ))
  for pid in "${pids[@]}"; do
    while kill -0 "${pid}" 2>/dev/null && (( SECONDS < deadline )); do sleep 0.5; done
    kill -9 "${pid}" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    while kill -0 "${pid}" 2>/dev/null; do sleep 0.2; done
  done
  log "starting them again"
  kwokctl start cluster --wait "${WAIT}" --timeout "${WAIT}" >&2
  wait_for "kube-apiserver /readyz" apiserver_ready
  wait_ready
  [[ "$(cat "${CLUSTER_DIR}/pids/kube-apiserver.pid")" != "${before}" ]] || die "kube-apiserver was not restarted"
  log "cluster ${CLUSTER} restarted"
}

cmd_kubeconfig() {
  [[ -f "${KUBECONFIG_PATH}" ]] || die "no kubeconfig at ${KUBECONFIG_PATH}: run hack/local-cluster.sh up"
  echo "${KUBECONFIG_PATH}"
}

cmd_crds() {
  prepare_crds
  echo "${CRD_DIR}"
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  kubeconfig) cmd_kubeconfig ;;
  crds) cmd_crds ;;
  restart) cmd_restart ;;
  -h|--help|help) usage ;;
  *) usage; exit 2 ;;
esac
