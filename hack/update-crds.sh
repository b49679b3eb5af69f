#!/usr/bin/env bash
# Regenerates the committed CRDs under crds/manifests from the API classes, and copies them into the Helm chart
# (charts/sluice/crds must equal crds/manifests: ChartTemplateTest checks it).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -pl crds -am test -Dtest=CommittedCrdsTest -Dsurefire.failIfNoSpecifiedTests=false -Dsluice.crds.write=true
rm -f charts/sluice/crds/*.yaml
cp crds/manifests/*.yaml charts/sluice/crds/
git status --short crds/manifests charts/sluice/crds
