#!/usr/bin/env bash
# Installs aiosmtpd, a real SMTP server (with STARTTLS), into a venv under ~/.cache/sluice, for the email
# notification tests (tag "smtp") and the notifications e2e. Idempotent: does nothing when the pinned version is
# there. Prints the venv's python, which tests run as `python -m aiosmtpd`.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "$here/versions.env"

venv="${SLUICE_CACHE:-$HOME/.cache/sluice}/aiosmtpd-$AIOSMTPD_VERSION"
if [[ -x "$venv/bin/python" ]] && "$venv/bin/python" -c "import aiosmtpd, sys; sys.exit(aiosmtpd.__version__ != '$AIOSMTPD_VERSION')" 2>/dev/null; then
  echo "$venv/bin/python"
  exit 0
fi
python3 -m venv "$venv" >&2
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "aiosmtpd==$AIOSMTPD_VERSION" "atpublic==$ATPUBLIC_VERSION" "attrs==$ATTRS_VERSION" >&2
"$venv/bin/python" -c "import aiosmtpd; print('aiosmtpd', aiosmtpd.__version__)" >&2
echo "$venv/bin/python"
