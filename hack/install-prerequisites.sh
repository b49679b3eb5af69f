#!/usr/bin/env bash
# Installs what the tests need beyond a JDK and Go, idempotently (CI runs it on every fresh machine).
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "${HACK_DIR}"
for installer in install-prometheus.sh; do
  if [ -x "$installer" ]; then
    "./$installer"
  fi
done
# helm, built from its Go module into ~/.cache/sluice/bin (the chart tests also build it on demand).
./build-helm.sh >/dev/null
