package dev.sluice.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Real HTTP requests to a loopback URL (Traefik's entry point), one at a time, counted by the version that answered
 * (the body) and by status. Every loop is bounded by a count and a deadline.
 */
final class LoadGenerator {
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

  private LoadGenerator() {
  }

  /** What the client saw. */
  record Tally(Map<String, Integer> byVersion, Map<Integer, Integer> byStatus, int total) {
    double share(String version) {
      return total == 0 ? 0 : byVersion.getOrDefault(version, 0) / (double) total;
    }

    int status(int code) {
      return byStatus.getOrDefault(code, 0);
    }

    @Override
    public String toString() {
      return total + " requests, by version " + byVersion + ", by status " + byStatus;
    }
  }

  /** Sends up to {@code count} requests, stopping at {@code limit}; an I/O failure counts as status 0. */
  static Tally send(String url, int count, Duration limit) {
    return run(url, count, limit, Duration.ZERO);
  }

  /** Sends about {@code perSecond} requests a second until {@code limit} or {@code count}, whichever comes first. */
  static Tally paced(String url, int perSecond, int count, Duration limit) {
    return run(url, count, limit, Duration.ofNanos(TimeUnit.SECONDS.toNanos(1) / perSecond));
  }

  private static Tally run(String url, int count, Duration limit, Duration gap) {
    long deadline = System.nanoTime() + limit.toNanos();
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build();
    Map<String, Integer> byVersion = new TreeMap<>();
    Map<Integer, Integer> byStatus = new TreeMap<>();
    int total = 0;
    while (total < count && System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
      long next = System.nanoTime() + gap.toNanos();
      int status;
      String version;
      try {
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        status = response.statusCode();
        version = response.body().strip();
      } catch (IOException e) {
        status = 0;
        version = "(no answer)";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      total++;
      byStatus.merge(status, 1, Integer::sum);
      byVersion.merge(version, 1, Integer::sum);
      long wait = next - System.nanoTime();
      if (wait > 0) {
        try {
          TimeUnit.NANOSECONDS.sleep(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    return new Tally(byVersion, byStatus, total);
  }
}
