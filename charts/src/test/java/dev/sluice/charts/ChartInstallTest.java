package dev.sluice.charts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.Eventually;
import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.OperatorProcess;
import dev.sluice.testing.TestCluster;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * charts/sluice installed by helm on the local control plane (kwok makes the controller Pods Ready without running
 * the image), then the packaged operator run with the chart's ServiceAccount token: a canary that completes proves
 * the chart's RBAC is enough, as the rendered-RBAC test proves it is no more than declared.
 */
@Tag("cluster")
@Tag("helm")
@ExtendWith(KubernetesExtension.class)
class ChartInstallTest {

  @Test
  void installsAndItsServiceAccountCanRunACanaryToTheEnd(KubernetesClient client, TestNamespace ns) throws Exception {
    // Cluster-scoped objects carry the release name: one per test namespace, so runs never collide.
    String release = "sluice-" + Integer.toHexString(ns.name().hashCode());
    Path kubeconfig = TestCluster.get().kubeconfig();
    try {
      String out = Helm.run("install", release, Helm.CHART.toString(), "--namespace", ns.name(), "--kubeconfig", kubeconfig.toString(),
          "--wait", "--timeout", "3m", "--set", "image.repository=sluice/sluice-operator", "--set", "image.tag=test");
      assertThat(out).contains("STATUS: deployed");

      Deployment deployment = client.apps().deployments().inNamespace(ns.name()).withName(release).get();
      assertThat(deployment.getStatus().getReadyReplicas()).isEqualTo(2);
      assertThat(client.serviceAccounts().inNamespace(ns.name()).withName(release).get()).isNotNull();
      assertThat(client.rbac().roles().inNamespace(ns.name()).withName(release + "-leader-election").get()).isNotNull();
      assertThat(client.rbac().roleBindings().inNamespace(ns.name()).withName(release + "-leader-election").get()).isNotNull();
      assertThat(client.rbac().clusterRoleBindings().withName(release).get()).isNotNull();
      ClusterRole installed = client.rbac().clusterRoles().withName(release).get();
      assertThat(ChartTemplateTest.grants(installed.getRules())).isNotEmpty()
          .isEqualTo(ChartTemplateTest.grants(ChartTemplateTest.one(Helm.template(release, ns.name()), "ClusterRole", ClusterRole.class).getRules()));
      assertThat(client.services().inNamespace(ns.name()).withName(release + "-metrics").get()).isNotNull();

      Path saKubeconfig = serviceAccountKubeconfig(client, ns.name(), release);
      try (OperatorProcess operator = OperatorProcess.start(saKubeconfig, "sluice.leader-election.lease-namespace=" + ns.name(),
          "sluice.leader-election.lease-name=" + release)) {
        runCanary(client, ns.name());
        assertThat(client.leases().inNamespace(ns.name()).withName(release).get().getSpec().getHolderIdentity()).isNotBlank();
        assertThat(operator.log()).doesNotContain("Forbidden").doesNotContain("forbidden");
      }
    } finally {
      Helm.tryRun("uninstall", release, "--namespace", ns.name(), "--kubeconfig", kubeconfig.toString(), "--wait");
    }
    assertThat(client.rbac().clusterRoles().withName(release).get()).isNull();
  }

  /** A kubeconfig holding only the API server, its CA and a short-lived token of the ServiceAccount (TokenRequest). */
  private static Path serviceAccountKubeconfig(KubernetesClient client, String namespace, String serviceAccount) throws IOException {
    TokenRequest request = client.serviceAccounts().inNamespace(namespace).withName(serviceAccount)
        .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build());
    String token = request.getStatus().getToken();
    Config config = client.getConfiguration();
    String ca = config.getCaCertData() != null ? config.getCaCertData()
        : Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(config.getCaCertFile())));
    String yaml = """
        apiVersion: v1
        kind: Config
        clusters:
        - name: test
          cluster: {server: "%s", certificate-authority-data: "%s"}
        users:
        - name: %s
          user: {token: "%s"}
        contexts:
        - name: sa
          context: {cluster: test, user: %s, namespace: %s}
        current-context: sa
        """.formatted(config.getMasterUrl(), ca, serviceAccount, token, serviceAccount, namespace);
    Path file = Path.of("target", "sa-" + namespace + ".kubeconfig").toAbsolutePath();
    Files.createDirectories(file.getParent());
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    return file;
  }

  /** A two-revision canary through an HTTPRoute: 25%, a timed pause, 50%, an indefinite pause promoted by hand. */
  private static void runCanary(KubernetesClient client, String namespace) {
    for (String name : List.of("web-stable", "web-canary")) {
      apply(client, namespace, """
          apiVersion: v1
          kind: Service
          metadata: {name: %s}
          spec:
            selector: {app: web}
            ports: [{port: 80, targetPort: 8080}]
          """.formatted(name));
    }
    apply(client, namespace, """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: web}
        spec:
          parentRefs: [{name: gateway}]
          rules:
          - backendRefs:
            - {name: web-stable, port: 80, weight: 100}
            - {name: web-canary, port: 80, weight: 0}
        """);
    apply(client, namespace, rollout("1.0"));
    Eventually.until("v1 Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(status(client, namespace).get("phase")));
    Object v1 = status(client, namespace).get("stableRS");
    apply(client, namespace, rollout("2.0"));
    Eventually.until("the indefinite pause at 50%", Duration.ofMinutes(2),
        () -> "Paused".equals(status(client, namespace).get("phase")) && Integer.valueOf(3).equals(status(client, namespace).get("currentStepIndex")));
    client.genericKubernetesResources("sluice.dev/v1alpha1", "Rollout").inNamespace(namespace).withName("web").subresource("status")
        .patch(new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE).build(), "{\"status\":{\"pauseConditions\":null}}");
    Eventually.until("v2 Healthy", Duration.ofMinutes(2),
        () -> "Healthy".equals(status(client, namespace).get("phase")) && !v1.equals(status(client, namespace).get("stableRS")));
    Object v2 = status(client, namespace).get("stableRS");
    Eventually.until("v2's pods relabelled role=stable in place (the chart grants pods patch)", Duration.ofMinutes(1),
        () -> client.pods().inNamespace(namespace).withLabel("sluice.dev/pod-template-hash", String.valueOf(v2)).list()
            .getItems().stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null)
            .map(p -> p.getMetadata().getLabels().get("role")).toList().equals(List.of("stable", "stable")));
    assertThat(client.v1().events().inNamespace(namespace).list().getItems())
        .as("Events recorded by the controller").anySatisfy(e -> assertThat(e.getSource().getComponent()).isEqualTo("sluice-controller"));
  }

  private static String rollout(String version) {
    return """
        apiVersion: sluice.dev/v1alpha1
        kind: Rollout
        metadata: {name: web}
        spec:
          replicas: 2
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec: {containers: [{name: web, image: "registry.example/web:%s"}]}
          strategy:
            canary:
              canaryService: web-canary
              stableService: web-stable
              scaleDownDelaySeconds: 2
              canaryMetadata: {labels: {role: canary}}
              stableMetadata: {labels: {role: stable}}
              trafficRouting: {gatewayAPI: {httpRoute: web}}
              steps:
              - setWeight: 25
              - pause: {duration: 2s}
              - setWeight: 50
              - pause: {}
        """.formatted(version);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> status(KubernetesClient client, String namespace) {
    GenericKubernetesResource rollout = client.genericKubernetesResources("sluice.dev/v1alpha1", "Rollout").inNamespace(namespace).withName("web").get();
    Object status = rollout == null ? null : rollout.getAdditionalProperties().get("status");
    return status == null ? Map.of() : (Map<String, Object>) status;
  }

  private static void apply(KubernetesClient client, String namespace, String yaml) {
    client.resource(Serialization.unmarshal(yaml, GenericKubernetesResource.class)).inNamespace(namespace)
        .fieldManager("gitops-agent").forceConflicts().serverSideApply();
  }
}
