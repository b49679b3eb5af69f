package dev.sluice.operator.notifications.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.testing.GitHubApiServer;
import dev.sluice.testing.GitHubApiServer.Scripted;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The github service against a local server answering with the shapes of GitHub's REST API, rate limits included. */
class GitHubServiceTest {
  static final String SHA = "6d5c61b0a1b2c3d4e5f60718293a4b5c6d7e8f90";
  static final String TOKEN = "github_pat_s3cr3t";
  static KeyPair app;

  @BeforeAll
  static void keys() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    app = generator.generateKeyPair();
  }

  /** The App's key as GitHub hands it out: PKCS#1 PEM (the PKCS#8 encoding less its 26-byte header, for 2048 bits). */
  static String pkcs1Pem() {
    byte[] pkcs8 = app.getPrivate().getEncoded();
    byte[] pkcs1 = Arrays.copyOfRange(pkcs8, 26, pkcs8.length);
    return "-----BEGIN RSA PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(pkcs1) + "\n-----END RSA PRIVATE KEY-----\n";
  }

  static Notification notification(Map<String, Object> github) {
    Map<String, Object> rendered = new LinkedHashMap<>();
    rendered.put("message", "Rollout shop/checkout has been aborted: analysis checkout-7f4644c4c9-1 Failed: metric \"error-rate\" "
        + "assessed Failed: failed (1) > failureLimit (0) (last value: error-rate = [0.2594375428137671])");
    rendered.put("github", github);
    return new Notification(rendered, "", "github");
  }

  static Map<String, Object> statusAndComment() {
    return Map.of("repoURLPath", "https://github.com/acme/deploy.git", "revisionPath", SHA,
        "status", Map.of("state", "failure", "label", "continuous-delivery/checkout", "targetURL", "https://sluice.example/checkout"),
        "pullRequestComment", Map.of("content", "Sluice reverted this release: error-rate was 0.26."));
  }

  @Test
  void asAGitHubAppItSetsTheCommitStatusAndCommentsOnEachPullRequestOfTheCommit() throws Exception {
    try (var github = new GitHubApiServer("12345", app.getPublic(), null, Map.of(SHA, List.of(42, 43)))) {
      var service = new GitHubService("github", Map.of("appID", "12345", "installationID", "678", "privateKey", pkcs1Pem(),
          "enterpriseBaseURL", github.enterpriseBaseURL()), Clock.systemUTC());
      service.send(notification(statusAndComment()));

      assertThat(github.received("POST", "/api/v3/app/installations/678/access_tokens")).hasSize(1);
      var status = github.received("POST", "/statuses/").get(0);
      assertThat(status.path()).isEqualTo("/api/v3/repos/acme/deploy/statuses/" + SHA);
      assertThat(status.authorization()).isEqualTo("Bearer " + GitHubApiServer.INSTALLATION_TOKEN);
      assertThat(status.userAgent()).isEqualTo("sluice");
      assertThat(status.json().path("state").asText()).isEqualTo("failure");
      assertThat(status.json().path("context").asText()).isEqualTo("continuous-delivery/checkout");
      assertThat(status.json().path("target_url").asText()).isEqualTo("https://sluice.example/checkout");
      assertThat(status.json().path("description").asText()).hasSize(GitHubService.MAX_DESCRIPTION)
          .startsWith("Rollout shop/checkout has been aborted").endsWith("...");
      assertThat(github.received("GET", "/api/v3/repos/acme/deploy/commits/" + SHA + "/pulls")).hasSize(1);
      var comments = github.received("POST", "/comments");
      assertThat(comments).extracting(GitHubApiServer.Request::path)
          .containsExactly("/api/v3/repos/acme/deploy/issues/42/comments", "/api/v3/repos/acme/deploy/issues/43/comments");
      assertThat(comments.get(0).json().path("body").asText()).isEqualTo("Sluice reverted this release: error-rate was 0.26.");

      // The installation token lasts an hour: the next notification reuses it.
      new GitHubService("github", Map.of("appID", "12345", "installationID", "678", "privateKey", pkcs1Pem(),
          "enterpriseBaseURL", github.enterpriseBaseURL()), Clock.systemUTC()).send(notification(statusAndComment()));
      assertThat(github.received("POST", "/access_tokens")).hasSize(1);
      assertThat(github.received("POST", "/statuses/")).hasSize(2);
    }
  }

  @Test
  void aKeyThatIsNotTheAppsGetsNoTokenAndNothingIsPosted() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair other = generator.generateKeyPair();
    String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(other.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
    try (var github = new GitHubApiServer("12345", app.getPublic(), null, Map.of())) {
      var service = new GitHubService("github", Map.of("appID", "12345", "installationID", "679", "privateKey", pem,
          "enterpriseBaseURL", github.enterpriseBaseURL()), Clock.systemUTC());
      assertThatThrownBy(() -> service.send(notification(statusAndComment())))
          .isInstanceOfSatisfying(DeliveryFailure.class, f -> assertThat(f.retryable()).isFalse())
          .hasMessageContaining("HTTP 401 (A JSON web token could not be decoded)");
      assertThat(github.received("POST", "/statuses/")).isEmpty();
    }
    assertThatThrownBy(() -> new GitHubService("github", Map.of("appID", "1", "installationID", "2", "privateKey", "not a key"),
        Clock.systemUTC()).send(notification(statusAndComment())))
        .hasMessage("github: privateKey is not a PEM RSA private key");
  }

  @Test
  void aPrimaryRateLimitIsRetriedWhenItResets() {
    Instant now = Instant.parse("2026-12-06T02:00:00Z");
    try (var github = new GitHubApiServer(null, null, TOKEN, Map.of())) {
      github.refuseNext(GitHubApiServer.primaryLimit(now.getEpochSecond() + 42));
      var service = tokenService(github, Clock.fixed(now, ZoneOffset.UTC));
      assertThatThrownBy(() -> service.send(notification(statusAndComment())))
          .isInstanceOfSatisfying(DeliveryFailure.class, f -> {
            assertThat(f.retryable()).isTrue();
            assertThat(f.retryAfter()).isEqualTo(Duration.ofSeconds(42));
          })
          .hasMessageContaining("HTTP 403 (API rate limit exceeded for installation ID 1.), rate limited")
          .hasMessageNotContaining(TOKEN);
    }
  }

  @Test
  void aSecondaryRateLimitIsRetriedAfterRetryAfterWhetherA403OrA429() {
    try (var github = new GitHubApiServer(null, null, TOKEN, Map.of())) {
      github.refuseNext(GitHubApiServer.secondaryLimit(403, 30), GitHubApiServer.secondaryLimit(429, 7));
      var service = tokenService(github, Clock.systemUTC());
      for (int seconds : new int[] {30, 7}) {
        assertThatThrownBy(() -> service.send(notification(statusAndComment())))
            .isInstanceOfSatisfying(DeliveryFailure.class, f -> {
              assertThat(f.retryable()).isTrue();
              assertThat(f.retryAfter()).isEqualTo(Duration.ofSeconds(seconds));
            })
            .hasMessageContaining("secondary rate limit");
      }
    }
  }

  @Test
  void aPermissionRefusalOrABadTokenIsFinalAndNamesNoToken() {
    try (var github = new GitHubApiServer(null, null, TOKEN, Map.of())) {
      github.refuseNext(GitHubApiServer.forbidden());
      assertThatThrownBy(() -> tokenService(github, Clock.systemUTC()).send(notification(statusAndComment())))
          .isInstanceOfSatisfying(DeliveryFailure.class, f -> assertThat(f.retryable()).isFalse())
          .hasMessage("github: commit status: HTTP 403 (Resource not accessible by integration)");
      var wrong = new GitHubService("github", Map.of("token", "github_pat_wr0ng", "enterpriseBaseURL", github.enterpriseBaseURL()),
          Clock.systemUTC());
      assertThatThrownBy(() -> wrong.send(notification(statusAndComment())))
          .isInstanceOfSatisfying(DeliveryFailure.class, f -> assertThat(f.retryable()).isFalse())
          .hasMessage("github: commit status: HTTP 401 (Bad credentials)");
    }
  }

  /** Retried after a rate-limited comment, the delivery posts the comment, not the status a second time. */
  @Test
  void aRetryAfterARateLimitedCommentDoesNotSetTheStatusTwice() throws Exception {
    try (var github = new GitHubApiServer(null, null, TOKEN, Map.of(SHA, List.of(42)))) {
      github.refuseNext(Scripted.PASS, Scripted.PASS, GitHubApiServer.secondaryLimit(429, 1));
      var service = tokenService(github, Clock.systemUTC());
      var notification = notification(statusAndComment());
      assertThatThrownBy(() -> service.send(notification)).isInstanceOf(DeliveryFailure.class);
      service.send(notification);
      assertThat(github.received("POST", "/statuses/")).hasSize(1);
      assertThat(github.received("POST", "/comments")).hasSize(2); // the refused one and the one accepted
      assertThat(github.received("POST", "/comments").get(1).authorization()).isEqualTo("Bearer " + TOKEN);
    }
  }

  @Test
  void whatIsMissingOrMalformedFailsBeforeAnyRequest() {
    var service = new GitHubService("github", Map.of("token", TOKEN, "apiURL", "http://127.0.0.1:9"), Clock.systemUTC());
    var noCommit = new LinkedHashMap<>(statusAndComment());
    noCommit.remove("revisionPath");
    assertThatThrownBy(() -> service.send(notification(noCommit))).hasMessageContaining("no commit");
    var badState = new LinkedHashMap<>(statusAndComment());
    badState.put("status", Map.of("state", "aborted"));
    badState.remove("pullRequestComment");
    assertThatThrownBy(() -> service.send(notification(badState))).hasMessageContaining("status.state is not one of");
  }

  @Test
  void repositoriesAreReadFromTheUsualUrls() throws Exception {
    var service = new GitHubService("github", Map.of(), Clock.systemUTC());
    assertThat(service.repo("https://github.com/acme/deploy.git")).isEqualTo("acme/deploy");
    assertThat(service.repo("https://github.com/acme/deploy")).isEqualTo("acme/deploy");
    assertThat(service.repo("git@github.com:acme/deploy.git")).isEqualTo("acme/deploy");
    assertThat(service.repo("ssh://git@github.example.com:2222/acme/deploy.git")).isEqualTo("acme/deploy");
    assertThatThrownBy(() -> service.repo("deploy")).isInstanceOf(DeliveryFailure.class);
  }

  private static GitHubService tokenService(GitHubApiServer github, Clock clock) {
    return new GitHubService("github", Map.of("token", TOKEN, "enterpriseBaseURL", github.enterpriseBaseURL()), clock);
  }
}
