#!/usr/bin/env bash
# Builds the helm CLI from its published Go module (hack/kube/helm pins helm.sh/helm/v3)
# into ${SLUICE_CACHE:-$HOME/.cache/sluice}/bin/helm-<version>/helm, unless it is already there.
# Logs go to stderr; the last stdout line is the path of the helm binary.
#
# Usage: hack/build-helm.sh [--force]
#   --force  rebuild even if the cached binary exists
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

HELM_MOD="${HACK_DIR}/kube/helm"
OUT="${BIN_ROOT}/helm-${HELM_VERSION}"

parse_build_args "$@"

# exit_if_cached: print the cached binary and stop, unless --force.
exit_if_cached() {
  if [[ "${FORCE}" == false && -x "${OUT}/helm" && -f "${OUT}/.complete" ]]; then
    log_cached "helm ${HELM_VERSION}: cached in ${OUT}"
    echo "${OUT}/helm"
    exit 0
  fi
}

exit_if_cached
go_build_env
hold_lock 9 "${BIN_ROOT}/.helm.lock"
# Another run may have finished the build while this one waited for the lock.
exit_if_cached

require_module_version "${HELM_MOD}" helm.sh/helm/v3 "${HELM_VERSION}"

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
write_complete_marker "${tmp}/.complete" helm "${HELM_VERSION}" "${start}"
rm -rf "${OUT}"
mv "${tmp}" "${OUT}"
log "helm ${HELM_VERSION}: built in $((SECONDS - start))s -> ${OUT}"
echo "${OUT}/helm"
