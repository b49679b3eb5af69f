#!/usr/bin/env bash
# Builds Argo Rollouts' controller (rollouts-controller) from its published Go module, through the wrapper module
# bench/argo-rollouts (its go.mod copies the replace directives of Argo Rollouts' own go.mod, which make
# `go install ...@version` refuse), into ${SLUICE_CACHE:-$HOME/.cache/sluice}/bin/argo-rollouts-<version>/,
# skipping the build when it is already there. Logs go to stderr; the last stdout line is the binary's path.
#
# Usage: bench/build-argo-rollouts.sh [--force]
#   --force  rebuild even if the cached binary exists
set -euo pipefail
# shellcheck source=../hack/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../hack/lib.sh"

parse_build_args "$@"
go_build_env
MOD="${REPO_ROOT}/bench/argo-rollouts"
OUT="${BIN_ROOT}/argo-rollouts-${ARGO_ROLLOUTS_VERSION}"
BIN="${OUT}/rollouts-controller"

hold_lock 9 "${BIN_ROOT}/.lock-argo-rollouts"
if [[ "${FORCE}" == false && -x "${BIN}" && -f "${OUT}/.complete" ]]; then
  log "argo-rollouts ${ARGO_ROLLOUTS_VERSION}: cached in ${OUT}"
  echo "${BIN}"
  exit 0
fi
require_module_version "${MOD}" github.com/argoproj/argo-rollouts "${ARGO_ROLLOUTS_VERSION}"
tmp="${OUT}.tmp.$$"
rm -rf "${tmp}"
mkdir -p "${tmp}"
log "argo-rollouts ${ARGO_ROLLOUTS_VERSION}: building rollouts-controller (about 10 minutes on 2 cores, cold)"
start=${SECONDS}
(
  cd "${MOD}"
  go build -trimpath -ldflags "-s -w" -o "${tmp}/rollouts-controller" github.com/argoproj/argo-rollouts/cmd/rollouts-controller
) || { rm -rf "${tmp}"; die "argo-rollouts: go build failed"; }
write_complete_marker "${tmp}/.complete" argo-rollouts "${ARGO_ROLLOUTS_VERSION}" "${start}"
rm -rf "${OUT}"
mv "${tmp}" "${OUT}"
log "argo-rollouts ${ARGO_ROLLOUTS_VERSION}: built in $((SECONDS - start))s -> ${OUT}"
echo "${BIN}"
