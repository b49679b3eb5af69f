package dev.sluice.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gitops.GitRevertOutcome.Reason;
import java.net.ConnectException;
import java.util.List;
import org.eclipse.jgit.errors.TransportException;
import org.junit.jupiter.api.Test;

class FailuresTest {

  @Test
  void aRefusedConnectionIsATransportErrorWhateverDigitsItsPortHolds() {
    for (String port : List.of("40157", "34013", "4030", "1401")) {
      var refused = new TransportException("http://127.0.0.1:" + port + "/git/gitops.git: connection failed",
          new ConnectException("Connection refused"));
      assertThat(Failures.classify(refused)).as("port " + port).isEqualTo(Reason.TransportError);
    }
  }

  @Test
  void theDigitsOfAStatusInsideAnAddressOrACommitAreNoAuthenticationFailure() {
    assertThat(Failures.classify(new TransportException("http://10.0.40.1/r.git: pack for a4013fe rejected")))
        .isEqualTo(Reason.TransportError);
  }

  @Test
  void aStatusOfRefusedCredentialsIsAnAuthenticationFailure() {
    assertThat(Failures.classify(new TransportException("401 http://git.example/r.git Unauthorized")))
        .isEqualTo(Reason.AuthenticationFailed);
    assertThat(Failures.classify(new TransportException("http://git.example/r.git: server answered 403")))
        .isEqualTo(Reason.AuthenticationFailed);
  }
}
