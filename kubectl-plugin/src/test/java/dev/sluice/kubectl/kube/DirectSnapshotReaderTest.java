package dev.sluice.kubectl.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.api.v1alpha1.AnalysisRun;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.kubectl.cli.KubeOptions;
import dev.sluice.kubectl.view.RolloutSnapshot;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The direct read against an HTTPS stand-in: what it asks, what it trusts, and when it leaves the read to fabric8. */
class DirectSnapshotReaderTest {
  private static final String ROLLOUT = "/apis/sluice.dev/v1alpha1/namespaces/prod/rollouts/web";
  private static final String REPLICA_SETS = "/apis/apps/v1/namespaces/prod/replicasets";
  private static final String PODS = "/api/v1/namespaces/prod/pods?labelSelector=app%3Dweb";
  private static final String RUNS = "/apis/sluice.dev/v1alpha1/namespaces/prod/analysisruns";
  private static final Map<String, String> ANSWERS = Map.of(
      ROLLOUT, """
          {"apiVersion":"sluice.dev/v1alpha1","kind":"Rollout","metadata":{"name":"web","namespace":"prod","uid":"u1"},
           "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},"strategy":{"canary":{"steps":[{"setWeight":20},{"pause":{}}]}}},
           "status":{"phase":"Paused","stableRS":"5b6a"}}""",
      REPLICA_SETS, """
          {"apiVersion":"apps/v1","kind":"ReplicaSetList","metadata":{},"items":[{"metadata":{"name":"web-5b6a",
           "ownerReferences":[{"apiVersion":"sluice.dev/v1alpha1","kind":"Rollout","name":"web","uid":"u1","controller":true}]},
           "spec":{"replicas":2}}]}""",
      PODS, """
          {"apiVersion":"v1","kind":"PodList","metadata":{},"items":[{"metadata":{"name":"web-5b6a-x"},
           "spec":{"containers":[{"name":"web","image":"web:1"}]},"status":{"phase":"Running"}}]}""",
      RUNS, """
          {"apiVersion":"sluice.dev/v1alpha1","kind":"AnalysisRunList","metadata":{},"items":[]}""");

  @TempDir
  Path dir;

  private Path file(String resource) throws Exception {
    Path file = dir.resolve(resource);
    Files.write(file, PemTest.resource(resource));
    return file;
  }

  private static String data(String resource) throws Exception {
    return DirectKubeconfig.data(resource);
  }

  private Map<String, String> kubeconfig(String server, String cluster, String user) throws Exception {
    Path file = DirectKubeconfig.write(dir.resolve("config"), "server: \"" + server + "\", " + cluster, ", namespace: prod", user);
    return Map.of("KUBECONFIG", file.toString());
  }

  private static Optional<RolloutSnapshot> read(Map<String, String> env, String name) {
    return DirectSnapshotReader.read(new KubeOptions(), env, name);
  }

  @Test
  void readsTheRolloutAndItsObjectsOnOneConnectionWithAClientCertificateFromFiles() throws Exception {
    file("ca.crt");
    file("client-rsa.crt");
    file("client-rsa-pkcs1.key");
    try (DirectTestServer server = DirectTestServer.start(ANSWERS, true)) {
      // relative paths are the kubeconfig directory's, as kubectl and fabric8 read them
      Map<String, String> env = kubeconfig("https://127.0.0.1:" + server.port(), "certificate-authority: ca.crt",
          "client-certificate: client-rsa.crt, client-key: client-rsa-pkcs1.key");
      RolloutSnapshot snapshot = read(env, "web").orElseThrow();
      assertEquals("web", snapshot.rollout().getMetadata().getName());
      assertEquals(2, snapshot.rollout().getSpec().strategy.canary.steps.size());
      assertEquals(List.of("web-5b6a"), snapshot.replicaSets().stream().map(r -> r.getMetadata().getName()).toList());
      assertEquals(List.of("web-5b6a-x"), snapshot.pods().stream().map(p -> p.getMetadata().getName()).toList());
      assertEquals(List.of(), snapshot.analysisRuns());
      assertEquals(List.of(ROLLOUT, REPLICA_SETS, PODS, RUNS), server.requests.stream().map(DirectTestServer.Request::path).toList());
      assertEquals(1, server.requests.stream().map(DirectTestServer.Request::clientPort).distinct().count(), "one connection");
      assertTrue(server.requests.stream().allMatch(r -> r.authorization() == null));
    }
  }

  @Test
  void readsWithAnEcKeyAndTheCaAsData() throws Exception {
    try (DirectTestServer server = DirectTestServer.start(ANSWERS, true)) {
      Map<String, String> env = kubeconfig("https://127.0.0.1:" + server.port(), "certificate-authority-data: " + data("ca.crt"),
          "client-certificate-data: " + data("client-ec.crt") + ", client-key-data: " + data("client-ec-sec1.key"));
      assertTrue(read(env, "web").isPresent());
    }
  }

  @Test
  void sendsABearerToken() throws Exception {
    try (DirectTestServer server = DirectTestServer.start(ANSWERS, false)) {
      Map<String, String> env = kubeconfig("https://127.0.0.1:" + server.port(), "certificate-authority-data: " + data("ca.crt"),
          "token: s3cr3t");
      assertTrue(read(env, "web").isPresent());
      assertTrue(server.requests.stream().allMatch(r -> "Bearer s3cr3t".equals(r.authorization())));
    }
  }

  @Test
  void aServerCertificateForAnotherHostIsRefused() throws Exception {
    try (DirectTestServer server = DirectTestServer.start(ANSWERS, false)) {
      // the certificate names IP 127.0.0.1 only
      Map<String, String> env = kubeconfig("https://localhost:" + server.port(), "certificate-authority-data: " + data("ca.crt"),
          "token: s3cr3t");
      assertEquals(Optional.empty(), read(env, "web"));
      assertEquals(List.of(), server.requests);
    }
  }

  @Test
  void aServerSignedByAnotherAuthorityIsRefused() throws Exception {
    try (DirectTestServer server = DirectTestServer.start(ANSWERS, false)) {
      Map<String, String> env = kubeconfig("https://127.0.0.1:" + server.port(), "certificate-authority-data: " + data("other-ca.crt"),
          "token: s3cr3t");
      assertEquals(Optional.empty(), read(env, "web"));
      assertEquals(List.of(), server.requests);
    }
  }

  @Test
  void thePathsAreTheResourcesOfTheModel() {
    assertEquals("/apis/" + HasMetadata.getGroup(Rollout.class) + "/" + HasMetadata.getVersion(Rollout.class),
        DirectSnapshotReader.SLUICE_API);
    assertEquals(HasMetadata.getApiVersion(AnalysisRun.class), HasMetadata.getApiVersion(Rollout.class));
    assertEquals(HasMetadata.getPlural(Rollout.class), DirectSnapshotReader.ROLLOUTS);
    assertEquals(HasMetadata.getPlural(AnalysisRun.class), DirectSnapshotReader.ANALYSIS_RUNS);
  }

  @Test
  void anythingButAnAnswerLeavesTheReadToFabric8() throws Exception {
    try (DirectTestServer server = DirectTestServer.start(ANSWERS, false)) {
      Map<String, String> env = kubeconfig("https://127.0.0.1:" + server.port(), "certificate-authority-data: " + data("ca.crt"),
          "token: s3cr3t");
      assertEquals(Optional.empty(), read(env, "missing"), "404: fabric8 tells a missing rollout from a missing CRD");
      assertEquals(Optional.empty(), read(env, "Web/../x"), "not a name");
    }
  }
}
