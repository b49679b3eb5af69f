#!/usr/bin/env bash
# Builds SOPS and age from their published Go modules (wrapper modules hack/kube/sops and hack/kube/age, versions
# in hack/versions.env) into
#   ${SLUICE_CACHE:-$HOME/.cache/sluice}/bin/sops-<version>/sops
#   ${SLUICE_CACHE:-$HOME/.cache/sluice}/bin/age-<version>/{age,age-keygen}
# skipping whatever is already there. They encrypt the Git credentials that the GitOps repository keeps for
# Sluice (examples/gitops); kustomize-controller decrypts them. Logs go to stderr; the last stdout line is a
# directory holding symlinks to sops, age and age-keygen.
#
# Usage: hack/build-sops.sh [--force]
#   --force  rebuild even if the cached binaries exist
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

parse_build_args "$@"

OUT="${BIN_ROOT}/sops-${SOPS_VERSION}-age-${AGE_VERSION}"
SOPS_DIR="${BIN_ROOT}/sops-${SOPS_VERSION}"
AGE_DIR="${BIN_ROOT}/age-${AGE_VERSION}"

complete() {
  local dir="$1"; shift
  local b
  for b in "$@"; do [[ -x "${dir}/${b}" ]] || return 1; done
  [[ -f "${dir}/.complete" ]]
}

all_cached() {
  [[ "${FORCE}" == false ]] && complete "${SOPS_DIR}" sops && complete "${AGE_DIR}" age age-keygen \
    && [[ -x "${OUT}/sops" && -x "${OUT}/age-keygen" ]]
}

if all_cached; then
  log_cached "sops ${SOPS_VERSION}, age ${AGE_VERSION}: cached in ${OUT}"
  echo "${OUT}"
  exit 0
fi
go_build_env
hold_lock 9 "${BIN_ROOT}/.sops.lock"

# build NAME VERSION MODULE LDFLAGS PKG...: one go build of the packages into NAME-VERSION/, moved in whole.
build() {
  local name="$1" version="$2" module="$3" ldflags="$4"; shift 4
  local out="${BIN_ROOT}/${name}-${version}" dir="${HACK_DIR}/kube/${name}"
  local -a bins=()
  local pkg
  for pkg in "$@"; do bins+=("${pkg##*/}"); done
  if [[ "${FORCE}" == false ]] && complete "${out}" "${bins[@]}"; then
    log_cached "${name} ${version}: cached in ${out}"
    return 0
  fi
  require_module_version "${dir}" "${module}" "${version}"
  local tmp="${out}.tmp.$$" start=${SECONDS}
  rm -rf "${tmp}"
  mkdir -p "${tmp}"
  log "${name} ${version}: building ${bins[*]}"
  (cd "${dir}" && go build -trimpath -ldflags "${ldflags}" -o "${tmp}/" "$@") \
    || { rm -rf "${tmp}"; die "${name}: go build failed"; }
  write_complete_marker "${tmp}/.complete" "${name}" "${version}" "${start}"
  rm -rf "${out}"
  mv "${tmp}" "${out}"
  log "${name} ${version}: built in $((SECONDS - start))s -> ${out}"
}

# sops prints its version from a variable that its release builds stamp; age reads its module's build info.
build sops "${SOPS_VERSION}" github.com/getsops/sops/v3 \
  "-s -w -X github.com/getsops/sops/v3/version.Version=${SOPS_VERSION#v}" github.com/getsops/sops/v3/cmd/sops
build age "${AGE_VERSION}" filippo.io/age "-s -w" filippo.io/age/cmd/age filippo.io/age/cmd/age-keygen

got="$("${SOPS_DIR}/sops" --disable-version-check --version 2>/dev/null | head -n 1 || true)"
[[ "${got}" == *"${SOPS_VERSION#v}"* ]] || die "sops --version says '${got}'"

mkdir -p "${OUT}"
ln -sfn "${SOPS_DIR}/sops" "${OUT}/sops"
ln -sfn "${AGE_DIR}/age" "${OUT}/age"
ln -sfn "${AGE_DIR}/age-keygen" "${OUT}/age-keygen"
log "sops ${SOPS_VERSION}, age ${AGE_VERSION} in ${OUT}"
echo "${OUT}"
