#!/usr/bin/env bash
# The Sluice demo, on this machine alone: a local control plane (kwok), a real Traefik serving the app's HTTPRoute,
# a client sending requests through it, a real Prometheus scraping Traefik's request counters, a Git server holding a
# GitOps repository, Flux (source-controller and kustomize-controller, built from their Go modules) as the GitOps
# agent, and the operator. Developers only commit; Flux applies. It plays the story Sluice exists for and exits 0
# only if every expectation held:
#   1. release v2 rolls out as a canary through the HTTPRoute (the client gets a quarter of its answers from v2 at
#      the 25% step), analysis passes, Healthy; Flux's Kustomization is not Ready until then;
#   2. release v3 answers one request in three with HTTP 500, the analysis of Traefik's 5xx counts fails, traffic
#      goes back to v2 and Sluice commits the revert to Git;
#   3. Flux applies the revert commit and the rollout is Healthy on v2, which answers every request; the demo prints
#      how long that loop took.
# The timeline shows Flux's view (Kustomization Ready, applied revision) next to Sluice's (phase, route weights), and
# what the client saw in each act. Traffic stays on loopback addresses (docs/data-plane.md).
# The story itself is e2e/src/test/java/dev/sluice/e2e/demo/DemoStory.java.
#
# Environment: SLUICE_CLUSTER (default sluice-demo) names the local cluster, started here and stopped on exit;
# NO_COLOR=1 turns colour off.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "${REPO_ROOT}"
export SLUICE_CLUSTER="${SLUICE_CLUSTER:-sluice-demo}"

java="java"
if [[ -n "${JAVA_HOME:-}" && -x "${JAVA_HOME}/bin/java" ]]; then
  java="${JAVA_HOME}/bin/java"
fi

hack/install-prerequisites.sh
echo "[demo] building Sluice (the first build downloads dependencies)"
./mvnw -B -q -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test

cleanup() {
  echo "[demo] stopping the local control plane ${SLUICE_CLUSTER}"
  hack/local-cluster.sh down >/dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM
echo "[demo] starting the local control plane ${SLUICE_CLUSTER} (the first start builds it from Go modules)"
mkdir -p target
KUBECONFIG="$(hack/local-cluster.sh up 2>target/demo-cluster.log | tail -n 1)" || {
  echo "[demo] the local control plane did not start: see target/demo-cluster.log" >&2
  exit 1
}
export KUBECONFIG

# The story runs in the foreground; Ctrl-C stops it, and its shutdown hooks stop the operator, Flux, Traefik,
# Prometheus and Git. The tools it asks for were built above: their "cached" lines would only clutter the story.
SLUICE_QUIET_CACHED=1 "${java}" -cp "e2e/target/test-classes:$(cat e2e/target/test-classpath.txt)" dev.sluice.e2e.demo.DemoStory
