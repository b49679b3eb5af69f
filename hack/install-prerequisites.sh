#!/usr/bin/env bash
# Installs what the tests need beyond a JDK and Go, idempotently (CI runs it on every fresh machine).
set -euo pipefail
cd "$(dirname "$0")"
for installer in install-prometheus.sh; do
  if [ -x "$installer" ]; then
    "./$installer"
  fi
done
# helm, built from its Go module into ~/.cache/sluice/bin (the chart tests also build it on demand).
./build-helm.sh >/dev/null
