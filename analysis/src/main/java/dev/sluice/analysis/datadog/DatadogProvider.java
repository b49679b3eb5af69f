package dev.sluice.analysis.datadog;

import dev.sluice.analysis.MeasurementOutcome;
import dev.sluice.analysis.args.ArgTemplate;
import dev.sluice.analysis.args.ArgumentException;
import dev.sluice.analysis.http.BoundedExchange;
import dev.sluice.analysis.http.HttpClients;
import dev.sluice.analysis.http.TlsSettings;
import dev.sluice.analysis.provider.MeasureContext;
import dev.sluice.analysis.provider.OperatorSecrets;
import dev.sluice.analysis.provider.Provider;
import dev.sluice.analysis.provider.Timeouts;
import dev.sluice.api.v1alpha1.DatadogMetric;
import dev.sluice.api.v1alpha1.Durations;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import okhttp3.Request;

/**
 * Argo Rollouts' {@code datadog} provider over Datadog's documented HTTP API ({@link DatadogRequests},
 * {@link DatadogAnswers}), with the keys found as Argo finds them ({@link DatadogCredentials}). Plain HTTP rather
 * than Datadog's Java client: that client is one 14 MiB jar for every Datadog API, on Jersey and its injection
 * framework, to make the two calls this provider makes. The request waits at most {@code requestTimeout} (10s by
 * default, at most {@link Timeouts#MAX}); answers above 4 MiB are refused; a redirect is reported, not followed, so
 * the keys never reach another host. Thread-safe; close it on shutdown.
 */
public final class DatadogProvider implements Provider<DatadogMetric>, AutoCloseable {
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  static final long MAX_ANSWER_BYTES = 4L * 1024 * 1024;
  private static final DatadogChecks CHECKS = new DatadogChecks();

  private final HttpClients clients = new HttpClients();
  private final Clock clock;
  private final Map<String, String> env;

  public DatadogProvider() {
    this(Clock.systemUTC(), System.getenv());
  }

  DatadogProvider(Clock clock, Map<String, String> env) {
    this.clock = clock;
    this.env = env;
  }

  @Override
  public DatadogChecks checks() {
    return CHECKS;
  }

  @Override
  public MeasurementOutcome measure(DatadogMetric spec, MeasureContext context) {
    Map<String, String> args = context.args().values();
    Request request;
    Duration timeout;
    boolean v2 = DatadogChecks.v2(spec);
    try {
      Duration interval = duration("datadog.interval", spec.interval, args, DatadogRequests.DEFAULT_INTERVAL);
      timeout = Timeouts.bounded(duration("datadog.requestTimeout", spec.requestTimeout, args, null),
          DEFAULT_TIMEOUT);
      DatadogCredentials credentials = credentials(spec, context);
      request = DatadogRequests.build(spec, args, credentials, clock.instant(), interval);
    } catch (ArgumentException | IllegalArgumentException e) {
      return MeasurementOutcome.failure(e.getMessage());
    }
    String where = BoundedExchange.describe(request.url());
    BoundedExchange.Answer answer;
    try {
      answer = BoundedExchange.execute(clients.forTls(TlsSettings.DEFAULT), request, timeout, MAX_ANSWER_BYTES);
    } catch (BoundedExchange.TooLarge e) {
      return MeasurementOutcome.failure("datadog answer from " + where + " exceeds " + e.limitText()
          + "; narrow the query (fewer groups)");
    } catch (InterruptedIOException e) {
      return MeasurementOutcome.failure("datadog at " + where + " did not answer within "
          + BoundedExchange.human(timeout) + " (requestTimeout)");
    } catch (IOException | GeneralSecurityException e) {
      return MeasurementOutcome.failure("cannot reach datadog at " + where + ": " + e.getMessage());
    }
    if (answer.redirect()) {
      return MeasurementOutcome.failure("datadog at " + where + " answered with a redirect (HTTP " + answer.status()
          + "); set the Secret's address to where it points");
    }
    if (!answer.ok()) {
      return DatadogAnswers.refused(answer.status(), answer.body(), v2);
    }
    return v2 ? DatadogAnswers.v2(answer.body()) : DatadogAnswers.v1(answer.body());
  }

  private DatadogCredentials credentials(DatadogMetric spec, MeasureContext context) throws ArgumentException {
    // Values are read unmarked, so the address can be named in messages; the keys are marked right after.
    DatadogCredentials found = DatadogCredentials.find(spec.secretRef, context::setting, OperatorSecrets.namespace(),
        OperatorSecrets.lookup(context.kubernetes()), env);
    context.remember(found.apiKey());
    context.remember(found.appKey());
    return found;
  }

  private static Duration duration(String field, String text, Map<String, String> args, Duration fallback)
      throws ArgumentException {
    if (text == null || text.isBlank()) {
      return fallback;
    }
    String placed = ArgTemplate.substitute(field, text, args);
    try {
      Duration duration = Durations.parse(placed);
      if (duration.isZero()) {
        throw new ArgumentException(field + " must be positive");
      }
      return duration;
    } catch (IllegalArgumentException e) {
      throw new ArgumentException(field + ": " + e.getMessage());
    }
  }

  @Override
  public void close() {
    clients.close();
  }
}
