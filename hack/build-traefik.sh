#!/usr/bin/env bash
# Builds Traefik from its published Go module (wrapper module hack/kube/traefik pins github.com/traefik/traefik/v3 at
# TRAEFIK_VERSION of hack/versions.env) into
#   ${SLUICE_CACHE:-$HOME/.cache/sluice}/bin/traefik-<version>/traefik
# next to what a test needs to run it against the local control plane, copied from the same module zip:
#   crds/  every traefik.io CRD (docs/content/reference/dynamic-configuration/traefik.io_*.yaml): the CRD provider
#          watches all of them, and local-cluster.sh installs only TraefikService and IngressRoute
#   rbac/  the ClusterRoles of its kubernetesCRD and kubernetesGateway providers (kubernetes-{crd,gateway}-rbac.yml)
# Skips all of it when already there. Logs go to stderr; the last stdout line is that directory.
#
# The web UI: the module zip carries webui/static with only a placeholder file (the built dashboard is not in the
# zip; Traefik's release builds it with yarn first). go:embed is satisfied by the placeholder, so the binary builds
# and runs; its dashboard would be empty. Sluice needs no dashboard (api.dashboard stays off).
#
# A cold build takes long on a small machine (Traefik links every provider and the ACME DNS clients).
#
# Usage: hack/build-traefik.sh [--force]
#   --force  rebuild even if the cached binary exists
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

MOD_DIR="${HACK_DIR}/kube/traefik"
MODULE=github.com/traefik/traefik/v3
OUT="${BIN_ROOT}/traefik-${TRAEFIK_VERSION}"

parse_build_args "$@"

# exit_if_cached: print the cached directory and stop, unless --force.
exit_if_cached() {
  if [[ "${FORCE}" == false && -x "${OUT}/traefik" && -f "${OUT}/.complete" ]]; then
    log_cached "traefik ${TRAEFIK_VERSION}: cached in ${OUT}"
    echo "${OUT}"
    exit 0
  fi
}

exit_if_cached
go_build_env
hold_lock 9 "${BIN_ROOT}/.traefik.lock"
# Another run may have finished the build while this one waited for the lock.
exit_if_cached

require_module_version "${MOD_DIR}" "${MODULE}" "${TRAEFIK_VERSION}"
# The CRDs and RBAC manifests are read from the module's source: fetch it first, since on a fresh machine (an empty
# module cache) `go list -m` knows the version from go.mod but has no directory to give.
(cd "${MOD_DIR}" && go mod download "${MODULE}") || die "could not download ${MODULE} ${TRAEFIK_VERSION}"
src="$(cd "${MOD_DIR}" && go list -m -f '{{.Dir}}' "${MODULE}")"
[[ -d "${src}" ]] || die "${MODULE} ${TRAEFIK_VERSION} is not in the module cache (go mod download in ${MOD_DIR})"

tmp="${OUT}.tmp.$$"
rm -rf "${tmp}"
mkdir -p "${tmp}/crds" "${tmp}/rbac"
log "traefik ${TRAEFIK_VERSION}: building (a cold build takes many minutes here)"
start=${SECONDS}
ldflags="-s -w -X ${MODULE}/pkg/version.Version=${TRAEFIK_VERSION#v}"
(cd "${MOD_DIR}" && go build -trimpath -ldflags "${ldflags}" -o "${tmp}/traefik" "${MODULE}/cmd/traefik") \
  || { rm -rf "${tmp}"; die "go build failed"; }
version="$("${tmp}/traefik" version | awk '$1 == "Version:" {print $2}')"
[[ "${version}" == "${TRAEFIK_VERSION#v}" ]] || { rm -rf "${tmp}"; die "traefik version says '${version}'"; }

dyn="${src}/docs/content/reference/dynamic-configuration"
compgen -G "${dyn}/traefik.io_*.yaml" >/dev/null || { rm -rf "${tmp}"; die "no traefik.io CRDs in ${dyn}"; }
cp "${dyn}"/traefik.io_*.yaml "${tmp}/crds/"
cp "${dyn}/kubernetes-crd-rbac.yml" "${dyn}/kubernetes-gateway-rbac.yml" "${tmp}/rbac/" \
  || { rm -rf "${tmp}"; die "Traefik's RBAC manifests are missing from ${dyn}"; }
chmod u+w "${tmp}"/crds/* "${tmp}"/rbac/*

write_complete_marker "${tmp}/.complete" traefik "${TRAEFIK_VERSION}" "${start}"
rm -rf "${OUT}"
mv "${tmp}" "${OUT}"
log "traefik ${TRAEFIK_VERSION}: built in $((SECONDS - start))s -> ${OUT}"
echo "${OUT}"
