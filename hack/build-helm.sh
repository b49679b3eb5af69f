#!/usr/bin/env bash
# Builds the helm CLI from its published Go module (hack/kube/helm pins helm.sh/helm/v3)
# into ${SLUICE_CACHE:-$HOME/.cache/sluice}/bin/helm-<version>/helm, unless it is already there.
# Logs go to stderr; the last stdout line is the path of the helm binary.
#
# Usage: hack/build-helm.sh [--force]
#   --force  rebuild even if the cached binary exists
set -euo pipefail

HACK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "${HACK_DIR}/versions.env"

SLUICE_CACHE="${SLUICE_CACHE:-${HOME}/.cache/sluice}"
BIN_ROOT="${SLUICE_CACHE}/bin"
HELM_MOD="${HACK_DIR}/kube/helm"
OUT="${BIN_ROOT}/helm-${HELM_VERSION}"
FORCE=false

log() { echo "[build-helm] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

for arg in "$@"; do
  case "${arg}" in
    --force) FORCE=true ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}" >&2; exit 0 ;;
    *) die "unknown argument: ${arg}" ;;
  esac
done

if [[ "${FORCE}" == false && -x "${OUT}/helm" && -f "${OUT}/.complete" ]]; then
  log "helm ${HELM_VERSION}: cached in ${OUT}"
  echo "${OUT}/helm"
  exit 0
fi

command -v go >/dev/null || die "go is not on PATH"
# Same rules as build-control-plane.sh: no toolchain download, the committed go.mod/go.sum are complete.
export GOTOOLCHAIN=local
export CGO_ENABLED=0
export GOFLAGS="-mod=readonly -buildvcs=false"

mkdir -p "${BIN_ROOT}"
exec 9>"${BIN_ROOT}/.helm.lock"
command -v flock >/dev/null && flock 9
# Another run may have finished the build while this one waited for the lock.
if [[ "${FORCE}" == false && -x "${OUT}/helm" && -f "${OUT}/.complete" ]]; then
  log "helm ${HELM_VERSION}: cached in ${OUT}"
  echo "${OUT}/helm"
  exit 0
fi

got="$(cd "${HELM_MOD}" && go list -m -f '{{.Version}}' helm.sh/helm/v3)" || die "cannot resolve helm.sh/helm/v3 in ${HELM_MOD}"
[[ "${got}" == "${HELM_VERSION}" ]] || die "${HELM_MOD}/go.mod selects helm ${got}, hack/versions.env says ${HELM_VERSION}"

# Stamped as helm's Makefile does: its own version, and the Kubernetes version that
# lint and template assume (client-go v0.X.Y -> 1.X).
client_go="$(cd "${HELM_MOD}" && go list -m -f '{{.Version}}' k8s.io/client-go)"
k8s_minor="$(echo "${client_go#v0.}" | cut -d. -f1)"
ldflags="-s -w -X helm.sh/helm/v3/internal/version.version=${HELM_VERSION}"
ldflags+=" -X helm.sh/helm/v3/internal/version.gitTreeState=clean -X helm.sh/helm/v3/internal/version.gitCommit="
for pkg in helm.sh/helm/v3/pkg/lint/rules helm.sh/helm/v3/pkg/chartutil; do
  ldflags+=" -X ${pkg}.k8sVersionMajor=1 -X ${pkg}.k8sVersionMinor=${k8s_minor}"
done

tmp="${OUT}.tmp.$$"
rm -rf "${tmp}"
mkdir -p "${tmp}"
log "helm ${HELM_VERSION}: building"
start=${SECONDS}
(cd "${HELM_MOD}" && go build -trimpath -ldflags "${ldflags}" -o "${tmp}/helm" helm.sh/helm/v3/cmd/helm) \
  || { rm -rf "${tmp}"; die "go build failed"; }
version="$("${tmp}/helm" version --template '{{.Version}}')"
[[ "${version}" == "${HELM_VERSION}" ]] || { rm -rf "${tmp}"; die "helm version says '${version}'"; }
{
  echo "component=helm"
  echo "version=${HELM_VERSION}"
  echo "go=$(go env GOVERSION)"
  echo "built=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "seconds=$((SECONDS - start))"
} >"${tmp}/.complete"
rm -rf "${OUT}"
mv "${tmp}" "${OUT}"
log "helm ${HELM_VERSION}: built in $((SECONDS - start))s -> ${OUT}"
echo "${OUT}/helm"
