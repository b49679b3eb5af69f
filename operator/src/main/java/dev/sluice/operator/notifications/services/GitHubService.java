package dev.sluice.operator.notifications.services;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GitHub, as Argo's {@code github} service: a commit status on a commit, and a comment on each pull request that
 * commit belongs to. Authenticates as a GitHub App ({@code appID}, {@code installationID}, {@code privateKey}, Argo's
 * settings) or with a {@code token} (Sluice's addition: a fine-grained token with commit statuses and pull requests
 * write); {@code enterpriseBaseURL} (GitHub Enterprise: its /api/v3) or {@code apiURL} replace api.github.com.
 *
 * <p>The template's {@code github} part: {@code repoURLPath} (default: the Rollout's spec.gitRevert.repoURL),
 * {@code revisionPath} (default: the release commit a revert identified), {@code status} {state, label, targetURL}
 * and {@code pullRequestComment} {content}. Each step done is not repeated when the delivery is retried, so a
 * rate-limited comment does not post the status twice. GitHub's rate limits answer 403 or 429: with
 * {@code retry-after} (secondary limit) or {@code x-ratelimit-remaining: 0} and {@code x-ratelimit-reset} (primary
 * limit) they are retried after the wait GitHub names (at most 5 minutes); a 403 without them is a permission refusal.
 */
public final class GitHubService implements NotificationService {
  static final String DEFAULT_API = "https://api.github.com";
  /** GitHub truncates a status description beyond 140 characters; Sluice cuts it itself. */
  static final int MAX_DESCRIPTION = 140;
  private static final Set<String> STATES = Set.of("error", "failure", "pending", "success");
  private static final Pattern REPO = Pattern.compile("^(?:[a-z+]+://)?(?:[^@/]+@)?[^/:]+(?::\\d+)?[:/](.+?)/([^/]+?)(?:\\.git)?/*$");
  private final String name;
  private final Settings settings;
  private final Clock clock;
  private final Set<String> done = new HashSet<>();

  public GitHubService(String name, Map<String, Object> settings, Clock clock) {
    this.name = name;
    this.settings = new Settings(name, settings);
    this.clock = clock;
  }

  /**
   * A template with a {@code github} part, with Argo's defaults where it names no repository or commit: the Rollout's
   * GitOps repository and the release commit its revert identified (templates, rendered with the rest).
   */
  public static Map<String, Object> withDefaults(Map<String, Object> template) {
    if (!(template.get("github") instanceof Map<?, ?> github)) {
      return template;
    }
    Map<String, Object> part = new LinkedHashMap<>();
    part.put("repoURLPath", "{rollout.spec.gitRevert.repoURL}");
    part.put("revisionPath", "{revert.releaseCommit}");
    github.forEach((k, v) -> part.put(String.valueOf(k), v));
    Map<String, Object> out = new LinkedHashMap<>(template);
    out.put("github", part);
    return out;
  }

  @Override
  public void send(Notification notification) throws DeliveryFailure {
    Map<String, Object> github = notification.part("github");
    String repoURL = string(github.get("repoURLPath"));
    String sha = string(github.get("revisionPath"));
    if (repoURL == null || sha == null) {
      throw DeliveryFailure.permanent("github " + name + ": no " + (repoURL == null ? "repository (github.repoURLPath, "
          + "spec.gitRevert.repoURL)" : "commit (github.revisionPath, the revert's release commit)") + " to report on");
    }
    String repo = repo(repoURL);
    if (!sha.matches("[0-9a-fA-F]{7,64}")) {
      throw DeliveryFailure.permanent("github " + name + ": revisionPath is not a commit SHA");
    }
    String api = api();
    String token = token(api);
    Map<String, Object> status = map(github.get("status"));
    if (!status.isEmpty() && done.add("status")) {
      try {
        status(api, token, repo, sha, status, notification.message());
      } catch (DeliveryFailure e) {
        done.remove("status");
        throw e;
      }
    }
    Map<String, Object> comment = map(github.get("pullRequestComment"));
    if (!comment.isEmpty()) {
      comment(api, token, repo, sha, string(comment.get("content")) == null ? notification.message()
          : string(comment.get("content")));
    }
  }

  private void status(String api, String token, String repo, String sha, Map<String, Object> status, String message)
      throws DeliveryFailure {
    String state = string(status.get("state"));
    if (state == null || !STATES.contains(state)) {
      throw DeliveryFailure.permanent("github " + name + ": status.state is not one of " + STATES);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("state", state);
    body.put("context", string(status.get("label")) == null ? "continuous-delivery/sluice" : string(status.get("label")));
    if (string(status.get("targetURL")) != null) {
      body.put("target_url", string(status.get("targetURL")));
    }
    body.put("description", message.length() <= MAX_DESCRIPTION ? message : message.substring(0, MAX_DESCRIPTION - 3) + "...");
    expect(201, "commit status", HttpDelivery.exchange("POST", api + "/repos/" + repo + "/statuses/" + sha,
        headers(token), Json.write(body)));
  }

  /** Comments on each pull request the commit belongs to (GitHub's "list pull requests associated with a commit"). */
  private void comment(String api, String token, String repo, String sha, String content) throws DeliveryFailure {
    var pulls = HttpDelivery.exchange("GET", api + "/repos/" + repo + "/commits/" + sha + "/pulls", headers(token), null);
    expect(200, "pull requests of the commit", pulls);
    for (JsonNode pull : Json.answer(pulls.body())) {
      String number = pull.path("number").asText("");
      if (number.isEmpty() || !done.add("comment " + number)) {
        continue;
      }
      try {
        expect(201, "pull request comment", HttpDelivery.exchange("POST", api + "/repos/" + repo + "/issues/" + number
            + "/comments", headers(token), Json.write(Map.of("body", content))));
      } catch (DeliveryFailure e) {
        done.remove("comment " + number);
        throw e;
      }
    }
  }

  private String api() throws DeliveryFailure {
    if (settings.optional("apiURL") != null) {
      return settings.optional("apiURL").replaceFirst("/+$", "");
    }
    if (settings.optional("enterpriseBaseURL") != null) {
      return settings.optional("enterpriseBaseURL").replaceFirst("/+$", "") + "/api/v3";
    }
    return DEFAULT_API;
  }

  private String token(String api) throws DeliveryFailure {
    if (settings.optional("token") != null) {
      return settings.optional("token");
    }
    if (settings.optional("appID") == null) {
      throw DeliveryFailure.permanent("github " + name + ": needs appID, installationID and privateKey, or token");
    }
    return GitHubAppToken.token(api, settings.required("appID"), settings.required("installationID"),
        settings.required("privateKey"), clock);
  }

  static Map<String, String> headers(String bearer) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept", "application/vnd.github+json");
    headers.put("X-GitHub-Api-Version", "2022-11-28");
    headers.put("User-Agent", "sluice");
    headers.put("Content-Type", "application/json");
    headers.put("Authorization", "Bearer " + bearer);
    return headers;
  }

  private void expect(int status, String what, HttpDelivery.Answer answer) throws DeliveryFailure {
    if (answer.status() != status) {
      throw refusal(what, answer, clock);
    }
  }

  /**
   * A GitHub refusal: rate limits (403 or 429 with retry-after, or with x-ratelimit-remaining 0) and 5xx are retried,
   * after GitHub's wait when it names one; other answers are final. The message carries GitHub's own "message"
   * (e.g. "Resource not accessible by integration"), bounded, never a request header.
   */
  static DeliveryFailure refusal(String what, HttpDelivery.Answer answer, Clock clock) {
    int code = answer.status();
    String message = Json.answer(answer.body()).path("message").asText("");
    message = message.length() <= 120 ? message : message.substring(0, 120);
    String text = "github: " + what + ": HTTP " + code + (message.isEmpty() ? "" : " (" + message + ")");
    Duration retryAfter = HttpDelivery.retryAfter(answer.header("retry-after"));
    boolean exhausted = answer.header("x-ratelimit-remaining").map(String::strip).filter("0"::equals).isPresent();
    if ((code == 403 || code == 429) && (retryAfter != null || exhausted || code == 429)) {
      if (retryAfter == null && exhausted) {
        retryAfter = untilReset(answer.header("x-ratelimit-reset").orElse(null), clock);
      }
      return new DeliveryFailure(text + ", rate limited", true, retryAfter);
    }
    return new DeliveryFailure(text, code >= 500, null);
  }

  /** x-ratelimit-reset is the epoch second the limit resets; the wait is bounded to 5 minutes. */
  static Duration untilReset(String reset, Clock clock) {
    try {
      long seconds = Long.parseLong(reset.strip()) - clock.instant().getEpochSecond();
      return Duration.ofSeconds(Math.max(1, Math.min(300, seconds)));
    } catch (NumberFormatException | NullPointerException e) {
      return Duration.ofMinutes(1);
    }
  }

  /** owner/name of a GitHub repository URL (https, ssh or scp-like); a URL that names none is a permanent failure. */
  String repo(String url) throws DeliveryFailure {
    Matcher m = REPO.matcher(url.strip());
    if (!m.matches()) {
      throw DeliveryFailure.permanent("github " + name + ": repoURLPath does not name a repository");
    }
    String owner = m.group(1);
    owner = owner.substring(owner.lastIndexOf('/') + 1);
    return owner + "/" + m.group(2);
  }

  private static String string(Object value) {
    return value == null || String.valueOf(value).isBlank() ? null : String.valueOf(value).strip();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}
