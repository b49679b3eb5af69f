package dev.sluice.charts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.charts.DeclaredRbac.Grant;
import dev.sluice.testing.RepoPaths;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** charts/sluice rendered offline by helm: lint, RBAC against what the controller declares, the Deployment. */
@Tag("helm")
class ChartTemplateTest {
  private static final String NS = "sluice-system";
  private static final String LEASES = "coordination.k8s.io";

  @Test
  void helmLintStrictPasses() {
    String out = Helm.run("lint", "--strict", Helm.CHART.toString());
    assertThat(out).contains("1 chart(s) linted, 0 chart(s) failed");
    String withMonitor = Helm.run("lint", "--strict", Helm.CHART.toString(), "--set", "metrics.serviceMonitor.enabled=true");
    assertThat(withMonitor).contains("0 chart(s) failed");
  }

  @Test
  void clusterRoleGrantsExactlyWhatTheReconcilersDeclareExceptLeases() {
    List<GenericKubernetesResource> objects = Helm.template("sluice", NS);
    ClusterRole role = one(objects, "ClusterRole", ClusterRole.class);
    Set<Grant> expected = DeclaredRbac.grants().stream().filter(g -> !g.apiGroup().equals(LEASES))
        .collect(Collectors.toCollection(TreeSet::new));

    assertThat(DeclaredRbac.reconcilers()).extracting(Class::getSimpleName)
        .contains("RolloutReconciler", "AnalysisRunReconciler", "AnalysisTemplateReconciler", "ClusterAnalysisTemplateReconciler");
    assertThat(grants(role.getRules())).as("the chart's ClusterRole vs the reconcilers' @RBACRule + primary resources")
        .containsExactlyElementsOf(expected);
    assertThat(role.getRules()).allSatisfy(rule -> {
      assertThat(rule.getVerbs()).doesNotContain("*");
      assertThat(rule.getResources()).doesNotContain("*");
      assertThat(rule.getResourceNames()).isNullOrEmpty();
    });

    ClusterRoleBinding binding = one(objects, "ClusterRoleBinding", ClusterRoleBinding.class);
    assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
    assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
      assertThat(subject.getKind()).isEqualTo("ServiceAccount");
      assertThat(subject.getName()).isEqualTo("sluice");
      assertThat(subject.getNamespace()).isEqualTo(NS);
    });
  }

  @Test
  void leasesAndNotificationConfigMapsAreGrantedOnlyInTheReleaseNamespace() {
    List<GenericKubernetesResource> objects = Helm.template("sluice", NS);
    Role role = one(objects, "Role", Role.class);
    Set<Grant> expected = DeclaredRbac.grants().stream().filter(g -> g.apiGroup().equals(LEASES))
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(expected).isNotEmpty();
    // Notifications: their ConfigMap watched and the sent record written, in the release namespace only.
    List.of("get", "update", "create", "list", "watch").forEach(verb -> expected.add(new Grant("", "configmaps", verb)));
    assertThat(role.getMetadata().getNamespace()).isEqualTo(NS);
    assertThat(grants(role.getRules())).containsExactlyElementsOf(expected);
    RoleBinding binding = one(objects, "RoleBinding", RoleBinding.class);
    assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
    assertThat(binding.getSubjects()).singleElement().satisfies(s -> assertThat(s.getNamespace()).isEqualTo(NS));
    assertThat(objects).extracting(GenericKubernetesResource::getKind).containsOnlyOnce("RoleBinding", "ClusterRoleBinding");
  }

  @Test
  void deploymentRunsTwoReplicasWithTheReleaseNamespaceProbesAndResources() {
    Deployment deployment = one(Helm.template("sluice", NS, "--set", "image.tag=1.2.3"), "Deployment", Deployment.class);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    var pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getServiceAccountName()).isEqualTo("sluice");
    var container = pod.getContainers().get(0);
    assertThat(container.getImage()).isEqualTo("sluice/sluice-operator:1.2.3");
    assertThat(container.getEnv()).anySatisfy(env -> {
      assertThat(env.getName()).isEqualTo("POD_NAMESPACE");
      assertThat(env.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.namespace");
    });
    assertThat(container.getEnv()).anySatisfy(env -> {
      assertThat(env.getName()).isEqualTo("SLUICE_LEADER_ELECTION_LEASE_NAMESPACE");
      assertThat(env.getValue()).isEqualTo("$(POD_NAMESPACE)");
    });
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
    assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(container.getResources().getLimits()).containsKey("memory");
  }

  @Test
  void serviceMonitorIsOffByDefaultAndScrapesTheMetricsServiceWhenOn() {
    assertThat(Helm.template("sluice", NS)).extracting(GenericKubernetesResource::getKind)
        .contains("Service").doesNotContain("ServiceMonitor");
    List<GenericKubernetesResource> on = Helm.template("sluice", NS, "--set", "metrics.serviceMonitor.enabled=true");
    GenericKubernetesResource monitor = on.stream().filter(o -> o.getKind().equals("ServiceMonitor")).findFirst().orElseThrow();
    assertThat(Serialization.asJson(monitor)).contains("\"port\":\"http-metrics\"").contains("\"path\":\"/q/metrics\"");
    GenericKubernetesResource service = on.stream().filter(o -> o.getKind().equals("Service")).findFirst().orElseThrow();
    assertThat(Serialization.asJson(service)).contains("\"name\":\"http-metrics\"");
    assertThat(Helm.tryRun("template", "x", Helm.CHART.toString(), "--set", "metrics.serviceMonitor.enabled=true",
        "--set", "metrics.service.enabled=false").output()).contains("metrics.serviceMonitor.enabled needs metrics.service.enabled");
  }

  @Test
  void jsonLoggingIsOffByDefaultAndAValueSwitchesItOn() {
    assertThat(env(Helm.template("sluice", NS), "QUARKUS_LOG_CONSOLE_JSON_ENABLED")).isEqualTo("false");
    assertThat(env(Helm.template("sluice", NS, "--set", "logging.json=true"), "QUARKUS_LOG_CONSOLE_JSON_ENABLED")).isEqualTo("true");
  }

  @Test
  void chartCrdsAreTheCommittedCrds() throws IOException {
    Path committed = RepoPaths.resolve("crds/manifests");
    Path inChart = Helm.CHART.resolve("crds");
    try (Stream<Path> files = Files.list(committed)) {
      List<Path> yamls = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
      assertThat(yamls).isNotEmpty();
      for (Path file : yamls) {
        assertThat(inChart.resolve(file.getFileName()))
            .as("%s differs from crds/manifests: run hack/update-crds.sh", inChart.resolve(file.getFileName()))
            .hasSameTextualContentAs(file);
      }
    }
    try (Stream<Path> files = Files.list(inChart)) {
      assertThat(files.map(f -> f.getFileName().toString()).sorted().toList()).as("extra files in the chart's crds/")
          .containsExactlyElementsOf(Files.list(committed).map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList());
    }
  }

  private static String env(List<GenericKubernetesResource> objects, String name) {
    Deployment deployment = one(objects, "Deployment", Deployment.class);
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .filter(e -> e.getName().equals(name)).findFirst().orElseThrow().getValue();
  }

  static Set<Grant> grants(List<PolicyRule> rules) {
    Set<Grant> grants = new TreeSet<>();
    for (PolicyRule rule : rules) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            grants.add(new Grant(group, resource, verb));
          }
        }
      }
    }
    return grants;
  }

  static <T> T one(List<GenericKubernetesResource> objects, String kind, Class<T> type) {
    List<GenericKubernetesResource> matching = objects.stream().filter(o -> kind.equals(o.getKind())).toList();
    assertThat(matching).as("rendered %s objects", kind).hasSize(1);
    return Serialization.unmarshal(Serialization.asYaml(matching.get(0)), type);
  }
}
