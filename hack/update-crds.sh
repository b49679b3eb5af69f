#!/usr/bin/env bash
# Regenerates the committed CRDs under crds/manifests from the API classes, then docs/crd-reference.md from them
# (alphabetical order runs CommittedCrdsTest before CrdReferenceTest), and copies the CRDs into the Helm chart
# (charts/sluice/crds must equal crds/manifests: ChartTemplateTest checks it).
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "${REPO_ROOT}"
./mvnw -q -B -pl crds -am test -Dtest='CommittedCrdsTest,CrdReferenceTest' -Dsurefire.failIfNoSpecifiedTests=false \
  -Dsurefire.runOrder=alphabetical -Dsluice.crds.write=true
rm -f charts/sluice/crds/*.yaml
cp crds/manifests/*.yaml charts/sluice/crds/
git status --short crds/manifests docs/crd-reference.md charts/sluice/crds
