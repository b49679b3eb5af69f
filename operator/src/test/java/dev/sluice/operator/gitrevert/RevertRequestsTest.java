package dev.sluice.operator.gitrevert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.v1alpha1.AnalysisPhase;
import dev.sluice.api.v1alpha1.AnalysisRun;
import dev.sluice.api.v1alpha1.AnalysisRunStatus;
import dev.sluice.api.v1alpha1.GitRevert.CommitMode;
import dev.sluice.api.v1alpha1.Measurement;
import dev.sluice.api.v1alpha1.MetricResult;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutLabels;
import dev.sluice.gitops.GitCredentials;
import dev.sluice.gitops.GitRevertRequest;
import dev.sluice.gitops.ValueChange;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RevertRequestsTest {
  static final RevertSettings SETTINGS = new RevertSettings("https://git.example/r.git", "main", "apps/web", null,
      "Sluice", "sluice@sluice.dev", CommitMode.NewBranch);

  static ReplicaSet replicaSet(String hash, String image) {
    return new ReplicaSetBuilder().withNewMetadata().withName("web-" + hash)
        .withLabels(Map.of(RolloutLabels.POD_TEMPLATE_HASH, hash, "app", "web")).endMetadata()
        .withNewSpec().withTemplate(new PodTemplateSpecBuilder().withNewMetadata()
            .withLabels(Map.of(RolloutLabels.POD_TEMPLATE_HASH, hash, "app", "web")).endMetadata()
            .withNewSpec().addNewContainer().withName("web").withImage(image).endContainer().endSpec().build())
        .endSpec().build();
  }

  static Rollout rollout() {
    Rollout rollout = new Rollout();
    rollout.setMetadata(new ObjectMetaBuilder().withName("web").withNamespace("shop").build());
    return rollout;
  }

  static AnalysisRun run(String name, String hash, AnalysisPhase phase, String created) {
    AnalysisRun run = new AnalysisRun();
    run.setMetadata(new ObjectMetaBuilder().withName(name).withCreationTimestamp(created)
        .withLabels(Map.of(RolloutLabels.POD_TEMPLATE_HASH, hash)).build());
    run.setStatus(new AnalysisRunStatus());
    run.getStatus().phase = phase;
    MetricResult ok = new MetricResult();
    ok.name = "latency";
    ok.phase = AnalysisPhase.Successful;
    MetricResult bad = new MetricResult();
    bad.name = "error-rate";
    bad.phase = phase;
    Measurement m1 = new Measurement();
    m1.value = "0.01";
    Measurement m2 = new Measurement();
    m2.value = "0.31";
    bad.measurements = List.of(m1, m2);
    run.getStatus().metricResults = List.of(ok, bad);
    return run;
  }

  @Test
  void theRequestRevertsWhatTheAbortedReplicaSetRanAgainstTheStableOne() throws Exception {
    GitRevertRequest request = RevertRequests.build(rollout(), SETTINGS, "bad1", "good1",
        List.of(replicaSet("good1", "web:1.0"), replicaSet("bad1", "web:2.0")),
        List.of(run("web-bad1-1", "bad1", AnalysisPhase.Failed, "2026-01-01T00:00:10Z"),
            run("web-bad1-background", "bad1", AnalysisPhase.Successful, "2026-01-01T00:00:20Z"),
            run("web-other-1", "other", AnalysisPhase.Failed, "2026-01-01T00:00:30Z")),
        GitCredentials.usernamePassword("bot", "pw"));
    assertThat(request.changes()).hasSize(1);
    ValueChange change = request.changes().get(0);
    assertThat(change.toString()).contains("web:1.0").contains("web:2.0").doesNotContain(RolloutLabels.POD_TEMPLATE_HASH);
    assertThat(request.rolloutKey()).isEqualTo("shop/web");
    assertThat(request.badRevision()).isEqualTo("bad1");
    assertThat(request.stableRevision()).isEqualTo("good1");
    assertThat(request.targetBranch()).isEqualTo("sluice/revert-web-bad1");
    assertThat(request.analysisRun()).isEqualTo("web-bad1-1");
    assertThat(request.failedMetric()).isEqualTo("error-rate");
    assertThat(request.failedMetricValue()).isEqualTo("0.31");
  }

  /** The role labels Sluice put on each revision (canaryMetadata, stableMetadata) differ, but are not Git's. */
  static ReplicaSet withRole(ReplicaSet replicaSet, String role) {
    Map<String, String> labels = new java.util.HashMap<>(replicaSet.getSpec().getTemplate().getMetadata().getLabels());
    labels.put("role", role);
    replicaSet.getSpec().getTemplate().getMetadata().setLabels(labels);
    replicaSet.getSpec().getTemplate().getMetadata().setAnnotations(Map.of("note", role + " pods", "owner", "team-a"));
    replicaSet.getMetadata().setAnnotations(Map.of(RolloutLabels.ROLE_METADATA,
        "{\"labels\":{\"role\":\"" + role + "\"},\"annotations\":{\"note\":\"" + role + " pods\"}}"));
    return replicaSet;
  }

  @Test
  void roleMetadataIsNeverWrittenBackToGit() throws Exception {
    GitRevertRequest request = RevertRequests.build(rollout(), SETTINGS, "bad1", "good1",
        List.of(withRole(replicaSet("good1", "web:1.0"), "stable"), withRole(replicaSet("bad1", "web:2.0"), "canary")),
        List.of(), GitCredentials.anonymous());
    assertThat(request.changes()).as("only the image differs once role metadata is left out").hasSize(1);
    assertThat(request.changes().get(0).toString()).contains("web:1.0").doesNotContain("stable").doesNotContain("canary");
    assertThat(RevertRequests.template(List.of(withRole(replicaSet("good1", "web:1.0"), "stable")), "good1").orElseThrow()
        .getMetadata()).satisfies(m -> {
          assertThat(m.getLabels()).containsExactly(Map.entry("app", "web"));
          assertThat(m.getAnnotations()).as("an annotation Git wrote stays").containsExactly(Map.entry("owner", "team-a"));
        });
  }

  @Test
  void aMissingReplicaSetIsExplained() {
    assertThatThrownBy(() -> RevertRequests.build(rollout(), SETTINGS, "bad1", "good1", List.of(replicaSet("bad1", "web:2.0")),
        List.of(), GitCredentials.anonymous()))
        .isInstanceOf(RevertRequests.Unbuildable.class).hasMessageContaining("stable ReplicaSet of revision good1");
  }

  @Test
  void identicalTemplatesCannotBeReverted() {
    assertThatThrownBy(() -> RevertRequests.build(rollout(), SETTINGS, "bad1", "good1",
        List.of(replicaSet("good1", "web:1.0"), replicaSet("bad1", "web:1.0")), List.of(), GitCredentials.anonymous()))
        .isInstanceOf(RevertRequests.Unbuildable.class).hasMessageContaining("differs");
  }
}
