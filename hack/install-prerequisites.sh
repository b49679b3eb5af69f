#!/usr/bin/env bash
# Installs what the tests need beyond a JDK and Go, idempotently (CI runs it on every fresh machine).
# Prints one line per prerequisite; what the installers say (apt, go) goes to a log under
# ~/.cache/sluice/logs, shown only when an install fails.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "${HACK_DIR}"
LOG_DIR="${SLUICE_CACHE}/logs"
mkdir -p "${LOG_DIR}"

# prerequisite NAME COMMAND...: runs COMMAND with its output in NAME's log; prints NAME and COMMAND's last
# stdout line (a version or a path), or the log's tail and exits on failure.
prerequisite() {
  local name="$1" logfile="${LOG_DIR}/$1.log" result
  shift
  if result="$("$@" 2>"${logfile}" | tee -a "${logfile}" | tail -n 1)"; then
    log "${name}: ${result}"
  else
    log "${name}: install failed; the last lines of ${logfile}:"
    tail -n 20 "${logfile}" >&2
    exit 1
  fi
}

# Debian's prometheus, which the analysis tests, the e2e tests and the demo run as a real server.
prerequisite prometheus ./install-prometheus.sh
# PyYAML, for hack/crd-v1beta1-to-v1.py (SMI's CRD ships only as v1beta1).
prerequisite python3-yaml ./install-python3-yaml.sh
# moto from PyPI in a virtualenv under ~/.cache/sluice/moto, the CloudWatch server of the analysis tests tagged aws.
prerequisite moto ./install-moto.sh
# graphite-web over whisper from PyPI, the Graphite server of the analysis tests tagged graphite.
prerequisite graphite ./install-graphite.sh
# aiosmtpd from PyPI in a virtualenv under ~/.cache/sluice, the SMTP server of the notification tests tagged smtp.
prerequisite aiosmtpd ./install-aiosmtpd.sh
# helm, built from its Go module into ~/.cache/sluice/bin (the chart tests also build it on demand).
prerequisite helm ./build-helm.sh
# Flux's source-controller and kustomize-controller, built from their Go modules into ~/.cache/sluice/bin: the GitOps
# agent of the demo and of GitOpsLoopTest (a cold build takes long on a small machine).
prerequisite flux ./build-flux.sh
# sops and age, built from their Go modules: they encrypt the Git credentials the GitOps repository keeps.
prerequisite sops ./build-sops.sh
# Traefik, built from its Go module into ~/.cache/sluice/bin: the real proxy of DataPlaneTest, whose requests and
# Prometheus metrics go through it (a cold build takes long on a small machine).
prerequisite traefik ./build-traefik.sh
