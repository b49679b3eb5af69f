package dev.sluice.operator.notifications.services;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request of a notification service, with the rules every HTTP service shares: bounded time, a bounded
 * answer, 2xx is delivered, 429 and 5xx and network errors are retryable (429 with the server's Retry-After), other
 * answers are not. Failure messages name the host only: a webhook URL's path and query may hold its secret.
 */
public final class HttpDelivery {
  static final Duration TIMEOUT = Duration.ofSeconds(15);
  static final int MAX_ANSWER_CHARS = 64 * 1024;
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
      .followRedirects(HttpClient.Redirect.NEVER).build();

  private HttpDelivery() {
  }

  /** What the server answered; header names are lower case. */
  public record Answer(int status, String body, Map<String, java.util.List<String>> headers) {
    public Answer(int status, String body) {
      this(status, body, Map.of());
    }

    public Optional<String> header(String name) {
      var values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
      return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
  }

  /** Sends; a 2xx is the answer, anything else a failure (429 and 5xx retryable). */
  public static Answer send(String method, String url, Map<String, String> headers, String body) throws DeliveryFailure {
    Answer answer = exchange(method, url, headers, body);
    int status = answer.status();
    if (status / 100 == 2) {
      return answer;
    }
    String what = "HTTP " + status + " from " + URI.create(url).getHost();
    if (status == 429) {
      throw new DeliveryFailure(what + " (rate limited)", true, retryAfter(answer.header("Retry-After")));
    }
    throw new DeliveryFailure(what, status >= 500, null);
  }

  /**
   * Sends and returns whatever the server answered, for services that read a refusal themselves (GitHub's rate
   * limits come as 403s); only a URL that is not http(s) or a network error is a failure here.
   */
  public static Answer exchange(String method, String url, Map<String, String> headers, String body) throws DeliveryFailure {
    URI uri;
    try {
      uri = URI.create(url);
      if (uri.getHost() == null || !(url.startsWith("https://") || url.startsWith("http://"))) {
        throw new IllegalArgumentException();
      }
    } catch (IllegalArgumentException e) {
      throw DeliveryFailure.permanent("the service URL is not an http(s) URL");
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    HttpResponse<String> response;
    try {
      response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new DeliveryFailure(uri.getHost() + " did not answer (" + e.getClass().getSimpleName() + ")", true, null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeliveryFailure("interrupted", true, null);
    } catch (IllegalArgumentException e) {
      throw DeliveryFailure.permanent("request to " + uri.getHost() + " refused by the client: " + e.getMessage());
    }
    String answer = response.body() == null ? "" : response.body();
    answer = answer.length() <= MAX_ANSWER_CHARS ? answer : answer.substring(0, MAX_ANSWER_CHARS);
    Map<String, java.util.List<String>> answered = new java.util.HashMap<>();
    response.headers().map().forEach((k, v) -> answered.put(k.toLowerCase(java.util.Locale.ROOT), v));
    return new Answer(response.statusCode(), answer, answered);
  }

  /** Retry-After in seconds (an HTTP date is not honoured: the backoff applies); bounded to 5 minutes. */
  public static Duration retryAfter(Optional<String> header) {
    try {
      return header.map(String::trim).map(Long::parseLong).map(s -> Duration.ofSeconds(Math.max(0, Math.min(300, s))))
          .orElse(null);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
