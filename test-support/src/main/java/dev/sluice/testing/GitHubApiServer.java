package dev.sluice.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local server speaking the part of GitHub's REST API (under GitHub Enterprise's /api/v3) that the github service
 * uses, with the answers GitHub documents: an installation token for a JWT signed by the App's key (checked against its
 * public key), commit statuses (201; 422 for an unknown state), the pull requests of a commit, issue comments (201),
 * 401 for a wrong token, and rate limits scripted ahead of any request: a primary limit (403 with
 * x-ratelimit-remaining 0 and x-ratelimit-reset) or a secondary one (429 or 403 with retry-after).
 */
public final class GitHubApiServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern STATUS = Pattern.compile("/api/v3/repos/([^/]+)/([^/]+)/statuses/([0-9a-f]+)");
  private static final Pattern PULLS = Pattern.compile("/api/v3/repos/([^/]+)/([^/]+)/commits/([0-9a-f]+)/pulls");
  private static final Pattern COMMENT = Pattern.compile("/api/v3/repos/([^/]+)/([^/]+)/issues/(\\d+)/comments");
  private static final Pattern TOKEN = Pattern.compile("/api/v3/app/installations/(\\d+)/access_tokens");
  public static final String INSTALLATION_TOKEN = "ghs_installati0nT0ken";

  public record Request(String method, String path, String authorization, String userAgent, String body) {
    public JsonNode json() throws IOException {
      return JSON.readTree(body);
    }
  }

  /** A scripted answer; {@link #PASS} lets the request be answered as usual. */
  public record Scripted(int status, Map<String, String> headers, String message) {
    public static final Scripted PASS = new Scripted(0, Map.of(), "");
  }

  private final HttpServer server;
  private final PublicKey appKey;
  private final String appId;
  private final String token;
  private final Map<String, List<Integer>> pullsOfCommit;
  private final List<Request> received = new CopyOnWriteArrayList<>();
  private final Deque<Scripted> script = new ArrayDeque<>();

  /** An App (id and public key) whose installation gets {@link #INSTALLATION_TOKEN}, or a plain token (appKey null). */
  public GitHubApiServer(String appId, PublicKey appKey, String token, Map<String, List<Integer>> pullsOfCommit) {
    this.appId = appId;
    this.appKey = appKey;
    this.token = token;
    this.pullsOfCommit = new java.util.concurrent.ConcurrentHashMap<>(pullsOfCommit);
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.start();
  }

  /** From now on, the commit belongs to this pull request (as when a pull request with it was merged). */
  public void pullRequest(String sha, int number) {
    pullsOfCommit.merge(sha, List.of(number), (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream()).toList());
  }

  /** The next requests are answered with these refusals, in order, whatever they ask. */
  public synchronized void refuseNext(Scripted... refusals) {
    script.addAll(List.of(refusals));
  }

  public static Scripted primaryLimit(long resetEpochSecond) {
    return new Scripted(403, Map.of("x-ratelimit-limit", "5000", "x-ratelimit-remaining", "0", "x-ratelimit-used", "5000",
        "x-ratelimit-reset", String.valueOf(resetEpochSecond), "x-ratelimit-resource", "core"),
        "API rate limit exceeded for installation ID 1.");
  }

  public static Scripted secondaryLimit(int status, int retryAfterSeconds) {
    return new Scripted(status, Map.of("retry-after", String.valueOf(retryAfterSeconds)),
        "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.");
  }

  public static Scripted forbidden() {
    return new Scripted(403, Map.of("x-ratelimit-remaining", "4999"), "Resource not accessible by integration");
  }

  public String enterpriseBaseURL() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  public List<Request> received(String method, String pathPart) {
    return received.stream().filter(r -> r.method().equals(method) && r.path().contains(pathPart)).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String path = exchange.getRequestURI().getPath();
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    received.add(new Request(exchange.getRequestMethod(), path, auth, exchange.getRequestHeaders().getFirst("User-Agent"), body));
    Scripted refusal;
    synchronized (this) {
      refusal = script.poll();
    }
    if (refusal != null && refusal.status() != 0) {
      refusal.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      answer(exchange, refusal.status(), Map.of("message", refusal.message(),
          "documentation_url", "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api"));
      return;
    }
    Matcher m;
    if ((m = TOKEN.matcher(path)).matches() && exchange.getRequestMethod().equals("POST")) {
      if (appKey == null || auth == null || !validJwt(auth.replaceFirst("^Bearer ", ""))) {
        answer(exchange, 401, Map.of("message", "A JSON web token could not be decoded"));
        return;
      }
      answer(exchange, 201, Map.of("token", INSTALLATION_TOKEN, "expires_at", Instant.now().plusSeconds(3600).toString(),
          "permissions", Map.of("statuses", "write", "pull_requests", "write"), "repository_selection", "all"));
      return;
    }
    String expected = "Bearer " + (appKey == null ? token : INSTALLATION_TOKEN);
    if (!expected.equals(auth)) {
      answer(exchange, 401, Map.of("message", "Bad credentials"));
      return;
    }
    if ((m = STATUS.matcher(path)).matches() && exchange.getRequestMethod().equals("POST")) {
      JsonNode status = JSON.readTree(body);
      if (!List.of("error", "failure", "pending", "success").contains(status.path("state").asText())) {
        answer(exchange, 422, Map.of("message", "Validation Failed", "errors",
            List.of(Map.of("resource", "Status", "code", "custom", "field", "state"))));
        return;
      }
      answer(exchange, 201, Map.of("id", 1, "state", status.path("state").asText(), "context", status.path("context").asText(),
          "description", status.path("description").asText(), "target_url", status.path("target_url").asText(""),
          "url", "https://api.github.com/repos/" + m.group(1) + "/" + m.group(2) + "/statuses/" + m.group(3)));
      return;
    }
    if ((m = PULLS.matcher(path)).matches() && exchange.getRequestMethod().equals("GET")) {
      String owner = m.group(1);
      String repo = m.group(2);
      answer(exchange, 200, pullsOfCommit.getOrDefault(m.group(3), List.of()).stream().map(n -> Map.of("number", n,
          "state", "closed", "html_url", "https://github.com/" + owner + "/" + repo + "/pull/" + n)).toList());
      return;
    }
    if ((m = COMMENT.matcher(path)).matches() && exchange.getRequestMethod().equals("POST")) {
      answer(exchange, 201, Map.of("id", 1, "body", JSON.readTree(body).path("body").asText(),
          "html_url", "https://github.com/" + m.group(1) + "/" + m.group(2) + "/pull/" + m.group(3) + "#issuecomment-1"));
      return;
    }
    answer(exchange, 404, Map.of("message", "Not Found"));
  }

  /** RS256 over header.payload with the App's public key; iss is the App; iat in the past and exp at most 10 min on. */
  private boolean validJwt(String jwt) {
    try {
      String[] parts = jwt.split("\\.");
      Signature rs256 = Signature.getInstance("SHA256withRSA");
      rs256.initVerify(appKey);
      rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!rs256.verify(Base64.getUrlDecoder().decode(parts[2]))) {
        return false;
      }
      JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
      JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
      long now = Instant.now().getEpochSecond();
      return header.path("alg").asText().equals("RS256") && claims.path("iss").asText().equals(appId)
          && claims.path("iat").asLong() <= now && claims.path("exp").asLong() > now
          && claims.path("exp").asLong() - claims.path("iat").asLong() <= 600;
    } catch (Exception e) {
      return false;
    }
  }

  private static void answer(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] out = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, out.length);
    exchange.getResponseBody().write(out);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
