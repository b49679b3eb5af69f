package dev.sluice.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.operator.plan.Action;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Which answers are a refusal to report and retry later, and what the report says. */
class ApiServerRefusalRulesTest {
  @ParameterizedTest
  @ValueSource(ints = {400, 403, 413, 422})
  void aRequestRefusedAsWrittenIsARefusal(int code) {
    assertThat(ApiServerRefusal.isRefusal(answer(code, "no"))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {404, 409, 429, 500, 503})
  void aConflictAStaleViewOrABusyServerIsNot(int code) {
    assertThat(ApiServerRefusal.isRefusal(answer(code, "later"))).isFalse();
  }

  @Test
  void theProblemNamesTheWriteAndKeepsTheServersMessageBounded() {
    String serverMessage = "ReplicaSet.apps \"web-abc\" is invalid: " + "x".repeat(100_000);
    RolloutProblem problem = ApiServerRefusal.problem(new Action.ScaleRevision("abc", 2), answer(422, serverMessage));
    assertThat(problem.reason()).isEqualTo("ApiServerRejected");
    assertThat(problem.getMessage()).startsWith("the API server refused to create or scale the ReplicaSet of revision abc"
        + " (HTTP 422): ReplicaSet.apps \"web-abc\" is invalid: xxx").hasSizeLessThanOrEqualTo(1024)
        .endsWith("more characters)");
  }

  @Test
  void eachWriteIsNamed() {
    assertThat(ApiServerRefusal.describe(new Action.StartAnalysis("web-abc-2", null, "abc"))).contains("AnalysisRun web-abc-2");
    assertThat(ApiServerRefusal.describe(new Action.PointServices("a", "b"))).contains("Services");
    assertThat(ApiServerRefusal.describe(new Action.SetWeight(25))).contains("traffic routes");
  }

  private static KubernetesClientException answer(int code, String message) {
    Status status = new StatusBuilder().withCode(code).withMessage(message).build();
    return new KubernetesClientException(status);
  }
}
