#!/usr/bin/env bash
# Installs Debian's python3-yaml (PyYAML), which hack/crd-v1beta1-to-v1.py needs to rewrite SMI's v1beta1 CRD.
# Idempotent: does nothing when python3 can already import yaml. Prints PyYAML's version.
set -euo pipefail

if ! python3 -c 'import yaml' 2>/dev/null; then
  if [[ "$(id -u)" -ne 0 ]]; then
    echo "install-python3-yaml.sh: must run as root (apt-get install python3-yaml)" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends python3-yaml
fi
python3 -c 'import yaml; print("PyYAML " + yaml.__version__)'
