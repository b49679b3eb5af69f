package dev.sluice.operator.notifications.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.testing.SmtpServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Email through a real SMTP server (aiosmtpd) that requires STARTTLS before any mail. */
@Tag("smtp")
class EmailServiceTest {
  private static SmtpServer smtp;

  @BeforeAll
  static void start() {
    smtp = new SmtpServer();
  }

  @AfterAll
  static void stop() {
    smtp.close();
  }

  @Test
  void sendsTheSubjectAndMessageOverStartTls() throws Exception {
    var email = new EmailService("email", Map.of("host", "127.0.0.1", "port", String.valueOf(smtp.port()),
        "from", "sluice@example.com", "insecure_skip_verify", true));
    int before = smtp.messages().size();
    email.send(new Notification(Map.of("message", "Rollout shop/checkout has been aborted: error-rate 0.4375",
        "email", Map.of("subject", "Rollout checkout has been aborted")), "oncall@example.com;dev@example.com", "email"));

    assertThat(smtp.messages()).hasSize(before + 1);
    String received = smtp.messages().get(before);
    assertThat(received).contains("Subject: Rollout checkout has been aborted")
        .contains("To: oncall@example.com, dev@example.com").contains("error-rate 0.4375");
  }

  @Test
  void aServerCertificateNotTrustedIsARetryableFailureAndNoMail() {
    var email = new EmailService("email", Map.of("host", "127.0.0.1", "port", String.valueOf(smtp.port()),
        "from", "sluice@example.com", "username", "u", "password", "pa55word"));
    int before = smtp.messages().size();
    assertThatThrownBy(() -> email.send(new Notification(Map.of("message", "m"), "oncall@example.com", "email")))
        .isInstanceOfSatisfying(DeliveryFailure.class, f -> assertThat(f.retryable()).isTrue())
        .hasMessageStartingWith("email email via 127.0.0.1:").hasMessageNotContaining("pa55word");
    assertThat(smtp.messages()).hasSize(before);
  }
}
