#!/usr/bin/env bash
# Builds the local Kubernetes control plane from published Go modules:
#   kube-apiserver, kube-controller-manager, kube-scheduler, kubectl  (hack/kube/kubernetes)
#   etcd                                                              (hack/kube/etcd)
#   kwok, kwokctl                                                     (hack/kube/kwok)
# into ${SLUICE_CACHE:-$HOME/.cache/sluice}/bin/<component>-<version>/, skipping
# whatever is already there. Logs go to stderr; the last stdout line is a
# directory holding (symlinks to) all binaries.
#
# Usage: hack/build-control-plane.sh [--force]
#   --force  rebuild even if the cached binaries exist
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

parse_build_args "$@"
go_build_env
GO_TAGS="selinux,notest,grpcnotrace"

# have_all DIR BIN...: true when every binary exists and is executable.
have_all() {
  local dir="$1"; shift
  local b
  for b in "$@"; do [[ -x "${dir}/${b}" ]] || return 1; done
  [[ -f "${dir}/.complete" ]]
}

# build_component NAME VERSION MODULE_DIR LDFLAGS BIN=PKG...
# Builds into a temporary directory and moves it into place when complete,
# so an interrupted build never leaves a half-filled cache directory.
build_component() {
  local name="$1" version="$2" moddir="$3" ldflags="$4"; shift 4
  local out="${BIN_ROOT}/${name}-${version}"
  local -a bins=() pkgs=()
  local spec
  for spec in "$@"; do bins+=("${spec%%=*}"); pkgs+=("${spec#*=}"); done

  if [[ "${FORCE}" == false ]] && have_all "${out}" "${bins[@]}"; then
    log_cached "${name} ${version}: cached in ${out}"
    return 0
  fi

  local tmp="${out}.tmp.$$"
  rm -rf "${tmp}"
  mkdir -p "${tmp}"
  log "${name} ${version}: building ${bins[*]} (this can take a while on a small machine)"
  local start=${SECONDS}
  local target="${tmp}/"
  # One package: name the executable explicitly. Several: one go build run
  # (shared work), executables named after each package's last path element.
  [[ ${#pkgs[@]} -eq 1 ]] && target="${tmp}/${bins[0]}"
  (
    cd "${moddir}"
    go build -trimpath -tags "${GO_TAGS}" -ldflags "${ldflags}" -o "${target}" "${pkgs[@]}"
  ) || { rm -rf "${tmp}"; die "${name} ${version}: go build failed"; }
  for spec in "${bins[@]}"; do
    [[ -x "${tmp}/${spec}" ]] || { rm -rf "${tmp}"; die "${name}: ${spec} was not produced"; }
  done
  write_complete_marker "${tmp}/.complete" "${name}" "${version}" "${start}"
  rm -rf "${out}"
  mv "${tmp}" "${out}"
  log "${name} ${version}: built in $((SECONDS - start))s -> ${out}"
}

# One build at a time per cache (parallel test runs may call this script).
hold_lock 9 "${BIN_ROOT}/.lock"

KUBE_MOD="${HACK_DIR}/kube/kubernetes"
ETCD_MOD="${HACK_DIR}/kube/etcd"
KWOK_MOD="${HACK_DIR}/kube/kwok"

KUBE_DIR="${BIN_ROOT}/kubernetes-${KUBE_VERSION}"
ETCD_DIR="${BIN_ROOT}/etcd-${ETCD_VERSION}"
KWOK_DIR="${BIN_ROOT}/kwok-${KWOK_VERSION}"

# --- Kubernetes --------------------------------------------------------------
if [[ "${FORCE}" == true ]] || ! have_all "${KUBE_DIR}" kube-apiserver kube-controller-manager kube-scheduler kubectl; then
  require_module_version "${KUBE_MOD}" k8s.io/kubernetes "${KUBE_VERSION}"
  require_module_version "${KUBE_MOD}" k8s.io/api "${STAGING_VERSION}"
  kube_semver="${KUBE_VERSION#v}"
  kube_major="${kube_semver%%.*}"
  kube_minor="${kube_semver#*.}"; kube_minor="${kube_minor%%.*}"
  # Build date = publication time of the module version (reproducible).
  kube_date="$(cd "${KUBE_MOD}" && go list -m -f '{{if .Time}}{{.Time.UTC.Format "2006-01-02T15:04:05Z"}}{{end}}' k8s.io/kubernetes)"
  kube_ldflags="-s -w"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    kube_ldflags+=" -X ${pkg}.gitVersion=${KUBE_VERSION}"
    kube_ldflags+=" -X ${pkg}.gitMajor=${kube_major}"
    kube_ldflags+=" -X ${pkg}.gitMinor=${kube_minor}"
    kube_ldflags+=" -X ${pkg}.gitTreeState=clean"
    # The module zip carries no commit id; blank the "$Format:%H$" placeholder.
    kube_ldflags+=" -X ${pkg}.gitCommit="
    [[ -n "${kube_date}" ]] && kube_ldflags+=" -X ${pkg}.buildDate=${kube_date}"
  done
  build_component kubernetes "${KUBE_VERSION}" "${KUBE_MOD}" "${kube_ldflags}" \
    kube-apiserver=k8s.io/kubernetes/cmd/kube-apiserver \
    kube-controller-manager=k8s.io/kubernetes/cmd/kube-controller-manager \
    kube-scheduler=k8s.io/kubernetes/cmd/kube-scheduler \
    kubectl=k8s.io/kubernetes/cmd/kubectl
  got="$("${KUBE_DIR}/kube-apiserver" --version 2>&1 || true)"
  [[ "${got}" == "Kubernetes ${KUBE_VERSION}" ]] || die "kube-apiserver --version says '${got}'"
else
  log_cached "kubernetes ${KUBE_VERSION}: cached in ${KUBE_DIR}"
fi

# --- etcd --------------------------------------------------------------------
if [[ "${FORCE}" == true ]] || ! have_all "${ETCD_DIR}" etcd; then
  require_module_version "${ETCD_MOD}" go.etcd.io/etcd/server/v3 "${ETCD_VERSION}"
  # The etcd server module's root package is etcd's main package.
  build_component etcd "${ETCD_VERSION}" "${ETCD_MOD}" "-s -w" \
    etcd=go.etcd.io/etcd/server/v3
  got="$("${ETCD_DIR}/etcd" --version 2>&1 | head -n1 || true)"
  [[ "${got}" == "etcd Version: ${ETCD_VERSION#v}" ]] || die "etcd --version says '${got}'"
else
  log_cached "etcd ${ETCD_VERSION}: cached in ${ETCD_DIR}"
fi

# --- kwok / kwokctl ----------------------------------------------------------
if [[ "${FORCE}" == true ]] || ! have_all "${KWOK_DIR}" kwok kwokctl; then
  require_module_version "${KWOK_MOD}" sigs.k8s.io/kwok "${KWOK_VERSION}"
  kwok_ldflags="-s -w"
  kwok_ldflags+=" -X sigs.k8s.io/kwok/pkg/consts.Version=${KWOK_VERSION#v}"
  # kwokctl's default Kubernetes version = the one built above.
  kwok_ldflags+=" -X sigs.k8s.io/kwok/pkg/consts.KubeVersion=${KUBE_VERSION#v}"
  build_component kwok "${KWOK_VERSION}" "${KWOK_MOD}" "${kwok_ldflags}" \
    kwok=sigs.k8s.io/kwok/cmd/kwok \
    kwokctl=sigs.k8s.io/kwok/cmd/kwokctl
else
  log_cached "kwok ${KWOK_VERSION}: cached in ${KWOK_DIR}"
fi

# --- one directory with everything -------------------------------------------
ALL_DIR="${BIN_ROOT}/control-plane-k8s-${KUBE_VERSION}-etcd-${ETCD_VERSION}-kwok-${KWOK_VERSION}"
mkdir -p "${ALL_DIR}"
for b in kube-apiserver kube-controller-manager kube-scheduler kubectl; do
  ln -sfn "${KUBE_DIR}/${b}" "${ALL_DIR}/${b}"
done
ln -sfn "${ETCD_DIR}/etcd" "${ALL_DIR}/etcd"
ln -sfn "${KWOK_DIR}/kwok" "${ALL_DIR}/kwok"
ln -sfn "${KWOK_DIR}/kwokctl" "${ALL_DIR}/kwokctl"

# Layout read by fabric8 kube-api-test in offline mode
# (KUBE_API_TEST_DIR=${SLUICE_CACHE}/kubeapitest, version without the "v").
KAT_DIR="${SLUICE_CACHE}/kubeapitest/k8s/${KUBE_VERSION#v}-linux-$(go env GOARCH)"
mkdir -p "${KAT_DIR}"
ln -sfn "${KUBE_DIR}/kube-apiserver" "${KAT_DIR}/kube-apiserver"
ln -sfn "${KUBE_DIR}/kubectl" "${KAT_DIR}/kubectl"
ln -sfn "${ETCD_DIR}/etcd" "${KAT_DIR}/etcd"

echo "${ALL_DIR}"
