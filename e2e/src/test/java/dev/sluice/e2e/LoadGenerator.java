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
public final class LoadGenerator {
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

  private LoadGenerator() {
  }

  /** What the client saw. */
  public record Tally(Map<String, Integer> byVersion, Map<Integer, Integer> byStatus, int total) {
    public Tally {
      byVersion = Map.copyOf(byVersion);
      byStatus = Map.copyOf(byStatus);
    }

    public double share(String version) {
      return total == 0 ? 0 : byVersion.getOrDefault(version, 0) / (double) total;
    }

    public int version(String version) {
      return byVersion.getOrDefault(version, 0);
    }

    public int status(int code) {
      return byStatus.getOrDefault(code, 0);
    }

    /** What the client saw since {@code earlier}, a tally of the same counts taken before this one. */
    public Tally since(Tally earlier) {
      return new Tally(minus(byVersion, earlier.byVersion), minus(byStatus, earlier.byStatus), total - earlier.total);
    }

    private static <K> Map<K, Integer> minus(Map<K, Integer> later, Map<K, Integer> earlier) {
      Map<K, Integer> difference = new TreeMap<>();
      later.forEach((key, count) -> {
        int n = count - earlier.getOrDefault(key, 0);
        if (n != 0) {
          difference.put(key, n);
        }
      });
      return difference;
    }

    @Override
    public String toString() {
      return total + " requests, by version " + new TreeMap<>(byVersion) + ", by status " + new TreeMap<>(byStatus);
    }
  }

  /** Answers counted as they come in, readable at any time by another thread. */
  public static final class Counts {
    private final Map<String, Integer> byVersion = new TreeMap<>();
    private final Map<Integer, Integer> byStatus = new TreeMap<>();
    private int total;

    synchronized void add(String version, int status) {
      total++;
      byStatus.merge(status, 1, Integer::sum);
      byVersion.merge(version, 1, Integer::sum);
    }

    /** Everything counted so far. */
    public synchronized Tally tally() {
      return new Tally(byVersion, byStatus, total);
    }
  }

  /** Sends up to {@code count} requests, stopping at {@code limit}; an I/O failure counts as status 0. */
  static Tally send(String url, int count, Duration limit) {
    Counts counts = new Counts();
    run(url, count, limit, Duration.ZERO, counts);
    return counts.tally();
  }

  /** Sends about {@code perSecond} requests a second until {@code limit} or {@code count}, whichever comes first. */
  static Tally paced(String url, int perSecond, int count, Duration limit) {
    Counts counts = new Counts();
    paced(url, perSecond, count, limit, counts);
    return counts.tally();
  }

  /**
   * As {@link #paced(String, int, int, Duration)}, counting into {@code counts} as the answers come, so that another
   * thread can read what the client saw while it runs; returns at the bound or when its thread is interrupted.
   */
  public static void paced(String url, int perSecond, int count, Duration limit, Counts counts) {
    run(url, count, limit, Duration.ofNanos(TimeUnit.SECONDS.toNanos(1) / perSecond), counts);
  }

  private static void run(String url, int count, Duration limit, Duration gap, Counts counts) {
    long deadline = System.nanoTime() + limit.toNanos();
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build();
    int sent = 0;
    while (sent < count && System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
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
      sent++;
      counts.add(version, status);
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
  }
}
