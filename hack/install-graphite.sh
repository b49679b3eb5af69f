#!/usr/bin/env bash
# Installs graphite-web and whisper (PyPI) at the pinned GRAPHITE_VERSION of hack/versions.env into a virtualenv under
# ~/.cache/sluice/graphite, the real Graphite the graphite provider's tests query (render API over whisper files the
# tests write; carbon is not needed for that). Writes graphite's local_settings.py, which reads its storage directory
# from GRAPHITE_STORAGE_DIR. Idempotent. Prints the virtualenv's path.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

venv="${SLUICE_CACHE}/graphite/${GRAPHITE_VERSION}"
site() { "${venv}/bin/python" -c 'import graphite, os; print(os.path.dirname(graphite.__file__))'; }
if [[ -x "${venv}/bin/django-admin" ]] && [[ -f "$(site)/local_settings.py" ]]; then
  echo "${venv}"
  exit 0
fi

python="$(command -v python3 || true)"
[[ -n "${python}" ]] || die "python3 is needed (Debian: apt-get install python3 python3-venv)"
rm -rf "${venv}"
"${python}" -m venv "${venv}" || die "cannot create a virtualenv (Debian: apt-get install python3-venv)"
"${venv}/bin/pip" install --quiet --disable-pip-version-check "whisper==${GRAPHITE_VERSION}" \
  "graphite-web==${GRAPHITE_VERSION}" >&2
cat >"$(site)/local_settings.py" <<'SETTINGS'
# Written by Sluice's hack/install-graphite.sh: a test server whose storage is GRAPHITE_STORAGE_DIR.
import os
STORAGE_DIR = os.environ["GRAPHITE_STORAGE_DIR"]
WHISPER_DIR = os.path.join(STORAGE_DIR, "whisper")
STANDARD_DIRS = [WHISPER_DIR]
LOG_DIR = STORAGE_DIR
INDEX_FILE = os.path.join(STORAGE_DIR, "index")
SECRET_KEY = "sluice-tests-only"
DATABASES = {"default": {"NAME": os.path.join(STORAGE_DIR, "graphite.db"), "ENGINE": "django.db.backends.sqlite3"}}
SETTINGS
echo "${venv}"
