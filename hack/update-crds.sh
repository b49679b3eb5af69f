#!/usr/bin/env bash
# Regenerates the committed CRDs under crds/manifests from the API classes.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -pl crds -am test -Dtest=CommittedCrdsTest -Dsurefire.failIfNoSpecifiedTests=false -Dsluice.crds.write=true
git status --short crds/manifests
