#!/usr/bin/env bash
# Builds Flux's source-controller and kustomize-controller from their published Go modules (wrapper modules
# hack/kube/source-controller and hack/kube/kustomize-controller, versions in hack/versions.env) into
#   ${SLUICE_CACHE:-$HOME/.cache/sluice}/bin/source-controller-<version>/source-controller
#   ${SLUICE_CACHE:-$HOME/.cache/sluice}/bin/kustomize-controller-<version>/kustomize-controller
# and copies their CRDs (config/crd/bases of each module zip) to ${SLUICE_CACHE}/crds/flux-<versions>/.
# Skips whatever is already there. Logs go to stderr; the last stdout line is a directory holding (symlinks to)
# both binaries and a crds/ directory.
#
# A cold build takes a long time on a small machine (source-controller links Helm and three clouds' SDKs).
#
# Usage: hack/build-flux.sh [--force]
#   --force  rebuild even if the cached binaries exist
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

parse_build_args "$@"

SC_VERSION="${FLUX_SOURCE_CONTROLLER_VERSION}"
KC_VERSION="${FLUX_KUSTOMIZE_CONTROLLER_VERSION}"
OUT="${BIN_ROOT}/flux-sc-${SC_VERSION}-kc-${KC_VERSION}"
CRDS="${SLUICE_CACHE}/crds/flux-sc-${SC_VERSION}-kc-${KC_VERSION}"

# cached NAME VERSION: the binary NAME-VERSION/NAME is built and complete.
cached() { [[ -x "${BIN_ROOT}/$1-$2/$1" && -f "${BIN_ROOT}/$1-$2/.complete" ]]; }

all_cached() {
  [[ "${FORCE}" == false ]] && cached source-controller "${SC_VERSION}" && cached kustomize-controller "${KC_VERSION}" \
    && [[ -f "${CRDS}/.complete" && -d "${OUT}" ]]
}

if all_cached; then
  log_cached "flux: source-controller ${SC_VERSION}, kustomize-controller ${KC_VERSION} cached in ${OUT}"
  echo "${OUT}"
  exit 0
fi
go_build_env
hold_lock 9 "${BIN_ROOT}/.flux.lock"

# build NAME VERSION MODULE: go build of the module's main package (its root) in a temp dir, moved in whole.
build() {
  local name="$1" version="$2" module="$3" dir="${HACK_DIR}/kube/$1"
  local out="${BIN_ROOT}/${name}-${version}"
  if [[ "${FORCE}" == false ]] && cached "${name}" "${version}"; then
    log_cached "${name} ${version}: cached in ${out}"
    return 0
  fi
  require_module_version "${dir}" "${module}" "${version}"
  local tmp="${out}.tmp.$$" start=${SECONDS}
  rm -rf "${tmp}"
  mkdir -p "${tmp}"
  log "${name} ${version}: building (a cold build takes many minutes here)"
  (cd "${dir}" && go build -trimpath -ldflags "-s -w" -o "${tmp}/${name}" "${module}") \
    || { rm -rf "${tmp}"; die "${name}: go build failed"; }
  "${tmp}/${name}" --help >/dev/null 2>&1 || { rm -rf "${tmp}"; die "${name} --help fails"; }
  write_complete_marker "${tmp}/.complete" "${name}" "${version}" "${start}"
  rm -rf "${out}"
  mv "${tmp}" "${out}"
  log "${name} ${version}: built in $((SECONDS - start))s -> ${out}"
}

# copy_crds MODULE_DIR MODULE: the module's config/crd/bases/*.yaml (as its zip holds them) into ${CRDS}.
copy_crds() {
  local dir src
  dir="$(cd "${HACK_DIR}/kube/$1" && go list -m -f '{{.Dir}}' "$2")"
  src="${dir}/config/crd/bases"
  compgen -G "${src}/*.yaml" >/dev/null || die "no CRDs in ${src}"
  cp "${src}"/*.yaml "${CRDS}.tmp/"
}

build source-controller "${SC_VERSION}" github.com/fluxcd/source-controller
build kustomize-controller "${KC_VERSION}" github.com/fluxcd/kustomize-controller

if [[ "${FORCE}" == true || ! -f "${CRDS}/.complete" ]]; then
  rm -rf "${CRDS}.tmp"
  mkdir -p "${CRDS}.tmp"
  copy_crds source-controller github.com/fluxcd/source-controller
  copy_crds kustomize-controller github.com/fluxcd/kustomize-controller
  chmod u+w "${CRDS}.tmp"/*.yaml
  [[ -f "${CRDS}.tmp/source.toolkit.fluxcd.io_gitrepositories.yaml" \
    && -f "${CRDS}.tmp/kustomize.toolkit.fluxcd.io_kustomizations.yaml" ]] || die "GitRepository or Kustomization CRD missing"
  touch "${CRDS}.tmp/.complete"
  rm -rf "${CRDS}"
  mv "${CRDS}.tmp" "${CRDS}"
fi

mkdir -p "${OUT}"
ln -sfn "${BIN_ROOT}/source-controller-${SC_VERSION}/source-controller" "${OUT}/source-controller"
ln -sfn "${BIN_ROOT}/kustomize-controller-${KC_VERSION}/kustomize-controller" "${OUT}/kustomize-controller"
ln -sfn "${CRDS}" "${OUT}/crds"
log "flux: source-controller ${SC_VERSION}, kustomize-controller ${KC_VERSION} in ${OUT}"
echo "${OUT}"
