#!/usr/bin/env bash
# Runs the Sluice operator against the cluster in $KUBECONFIG, or, when KUBECONFIG is not set, against the local
# control plane (hack/local-cluster.sh up). Installs Sluice's CRDs first. Ctrl-C stops the operator.
# JVM options: OPERATOR_JAVA_OPTS (hack/lib.sh), then JAVA_OPTS (yours, which win: e.g. JAVA_OPTS=-Xmx512m).
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "${REPO_ROOT}"

if [ -z "${KUBECONFIG:-}" ]; then
  KUBECONFIG=$(hack/local-cluster.sh up | tail -n 1)
  export KUBECONFIG
fi
kubectl=$(command -v kubectl || echo "$(hack/build-control-plane.sh | tail -n 1)/kubectl")
"$kubectl" apply --server-side --force-conflicts -f crds/manifests/ >&2
./mvnw -q -B -pl operator -am package -DskipTests
echo "Sluice operator starting against $KUBECONFIG" >&2
# glibc's malloc keeps an arena per thread up to 8 per core; two are enough for the JVM's few native allocations.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
# shellcheck disable=SC2086 # word splitting of the option lists is wanted
exec java ${OPERATOR_JAVA_OPTS} ${JAVA_OPTS:-} -jar operator/target/quarkus-app/quarkus-run.jar
