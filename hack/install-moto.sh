#!/usr/bin/env bash
# Installs moto (an AWS API server for tests) in server mode into a virtualenv under ~/.cache/sluice/moto, at the
# pinned MOTO_VERSION of hack/versions.env. The CloudWatch provider's tests run it as a real CloudWatch endpoint
# (moto_server, GetMetricData over the AWS query and JSON protocols). Idempotent: does nothing when that version is
# installed. Prints the path of moto_server.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

venv="${SLUICE_CACHE}/moto/${MOTO_VERSION}"
server="${venv}/bin/moto_server"
if [[ -x "${server}" ]]; then
  echo "${server}"
  exit 0
fi

python="$(command -v python3 || true)"
[[ -n "${python}" ]] || die "python3 is needed (Debian: apt-get install python3 python3-venv)"
rm -rf "${venv}"
"${python}" -m venv "${venv}" || die "cannot create a virtualenv (Debian: apt-get install python3-venv)"
"${venv}/bin/pip" install --quiet --disable-pip-version-check "moto[server]==${MOTO_VERSION}" >&2
[[ -x "${server}" ]] || die "moto_server missing after installing moto ${MOTO_VERSION}"
echo "${server}"
