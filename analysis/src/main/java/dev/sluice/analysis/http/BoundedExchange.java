package dev.sluice.analysis.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * One HTTP exchange bounded in time (the whole call, connect to last byte) and in the size of the answer, so a slow
 * or endless server can hold an analysis worker no longer than the metric's timeout and cannot fill the heap.
 */
public final class BoundedExchange {
  private BoundedExchange() {
  }

  /** What the server answered; {@code location} is the redirect target, if any. */
  public record Answer(int status, String body, String location) {
    public boolean ok() {
      return status >= 200 && status < 300;
    }

    public boolean redirect() {
      return status >= 300 && status < 400;
    }
  }

  /** The answer was longer than allowed; it was not read further. */
  public static final class TooLarge extends IOException {
    private final long limit;

    TooLarge(long limit) {
      super(null, null);
      this.limit = limit;
    }

    /** The limit, for messages: "exceeds 16 MiB". */
    public String limitText() {
      return limit >= 1024 * 1024 ? limit / (1024 * 1024) + " MiB" : limit / 1024 + " KiB";
    }
  }

  public static Answer execute(OkHttpClient client, Request request, Duration timeout, long maxBytes)
      throws IOException {
    Call call = client.newCall(request);
    call.timeout().timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    try (Response response = call.execute()) {
      return new Answer(response.code(), read(response.body(), maxBytes), response.header("Location"));
    }
  }

  private static String read(ResponseBody body, long maxBytes) throws IOException {
    if (body == null) {
      return "";
    }
    BufferedSource source = body.source();
    if (source.request(maxBytes + 1)) {
      throw new TooLarge(maxBytes);
    }
    return source.getBuffer().readString(StandardCharsets.UTF_8);
  }

  /** The address without user info, query string or fragment, for messages (a query string may hold a token). */
  public static String describe(okhttp3.HttpUrl address) {
    return address.newBuilder().username("").password("").query(null).fragment(null).build().toString();
  }

  /** "10s" or "1500ms", for timeout messages. */
  public static String human(Duration duration) {
    return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
  }
}
