package dev.sluice.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommitMessageTest {

  GitRevertRequest.Builder request() {
    return GitRevertRequest.builder().repoURL("https://git.example/r.git").path("apps/checkout")
        .rollout("shop", "checkout").badRevision("7d9f8c6b5").changes(List.of(GitReverterTest.IMAGE))
        .analysis("checkout-7d9f8c6b5-1", "error-rate", "connection refused");
  }

  @Test
  void aFailedAnalysisSaysTheCanaryFailed() {
    String message = CommitMessage.build(request().build(), List.of(), "git revert of 1a2b3c4", null);
    assertThat(message).startsWith("Revert shop/checkout release 7d9f8c6b5: canary failed analysis\n")
        .contains("failed AnalysisRun checkout-7d9f8c6b5-1: metric error-rate measured connection refused");
  }

  @Test
  void anAnalysisErrorRevertedByOptInSaysItCouldNotBeMeasured() {
    String message = CommitMessage.build(request().analysisErrored(true).build(), List.of(), "git revert of 1a2b3c4", null);
    assertThat(message).startsWith("Revert shop/checkout release 7d9f8c6b5: canary analysis ended Error\n")
        .contains("could not be measured: AnalysisRun checkout-7d9f8c6b5-1 ended Error: metric error-rate, last error: "
            + "connection refused")
        .contains("revertOnAnalysisError")
        .doesNotContain("failed");
  }
}
