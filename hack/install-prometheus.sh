#!/usr/bin/env bash
# Installs Debian's prometheus package, which the analysis module's integration tests run as a real server
# (/usr/bin/prometheus). Idempotent: does nothing when the binary is already there. Never starts the service and
# leaves it disabled.
set -euo pipefail

if [[ -x /usr/bin/prometheus ]]; then
  /usr/bin/prometheus --version 2>&1 | head -n 1
  exit 0
fi

if [[ "$(id -u)" -ne 0 ]]; then
  echo "install-prometheus.sh: must run as root (apt-get install)" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# policy-rc.d answering 101 forbids invoke-rc.d from starting any service while the package is configured.
# Only added (and removed) by us; an existing one is left alone.
policy=/usr/sbin/policy-rc.d
created_policy=false
if [[ ! -e "$policy" ]]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod 0755 "$policy"
  created_policy=true
fi
cleanup() {
  if [[ "$created_policy" == true ]]; then rm -f "$policy"; fi
}
trap cleanup EXIT

apt-get update -q
apt-get install -y -q --no-install-recommends prometheus

# The package enables its service for the next boot; tests start their own server, so keep it off.
deb-systemd-helper disable prometheus.service >/dev/null 2>&1 || true
update-rc.d prometheus disable >/dev/null 2>&1 || true

if [[ ! -x /usr/bin/prometheus ]]; then
  echo "install-prometheus.sh: /usr/bin/prometheus is still missing after installing the package" >&2
  exit 1
fi
/usr/bin/prometheus --version 2>&1 | head -n 1
