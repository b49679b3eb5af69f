package dev.sluice.analysis.newrelic;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import dev.sluice.api.v1alpha1.NewRelicMetric;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Argo Rollouts' {@code newRelic} provider: one NerdGraph (GraphQL) request per measurement running the NRQL query
 * in the profile's account, {@code actor { account(id) { nrql(query, timeout) { results } } }}, as Argo's New Relic
 * client sends it. Plain HTTP: New Relic publishes no Java client for NerdGraph. The profile Secret is read from the
 * operator's namespace (Argo's place) or, with {@code namespaced: true}, the run's. The request waits the NRQL timeout
 * plus 5 seconds, at most {@link Timeouts#MAX}; answers above 4 MiB are refused; a redirect is reported, not followed.
 * Thread-safe; close it on shutdown.
 */
public final class NewRelicProvider implements Provider<NewRelicMetric>, AutoCloseable {
  /** Argo Rollouts' default NRQL timeout, in seconds. */
  static final long DEFAULT_NRQL_TIMEOUT = 5;
  static final long MAX_ANSWER_BYTES = 4L * 1024 * 1024;
  static final String GRAPHQL = "query($query: Nrql!, $accountId: Int!, $timeout: Seconds!) {"
      + " actor { account(id: $accountId) { nrql(query: $query, timeout: $timeout) { results } } } }";
  private static final NewRelicChecks CHECKS = new NewRelicChecks();
  private static final MediaType JSON_TYPE = MediaType.get("application/json");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClients clients = new HttpClients();

  @Override
  public NewRelicChecks checks() {
    return CHECKS;
  }

  @Override
  public MeasurementOutcome measure(NewRelicMetric spec, MeasureContext context) {
    long nrqlTimeout = spec.timeout == null ? DEFAULT_NRQL_TIMEOUT : spec.timeout;
    if (nrqlTimeout < 1) {
      return MeasurementOutcome.failure("newRelic.timeout must be positive");
    }
    Duration timeout = Timeouts.bounded(Duration.ofSeconds(nrqlTimeout + 5), Timeouts.MAX);
    Request request;
    try {
      NewRelicAccount account = account(spec, context);
      ObjectNode body = JSON.createObjectNode().put("query", GRAPHQL);
      body.putObject("variables")
          .put("query", ArgTemplate.substitute("newRelic.query", spec.query, context.args().values()))
          .put("accountId", account.accountId())
          .put("timeout", nrqlTimeout);
      request = new Request.Builder().url(account.nerdGraph())
          .header("API-Key", account.apiKey())
          .header("Accept", "application/json")
          .header("User-Agent", "sluice")
          .post(RequestBody.create(body.toString(), JSON_TYPE)).build();
    } catch (ArgumentException | IllegalArgumentException e) {
      return MeasurementOutcome.failure(e.getMessage());
    }
    String where = BoundedExchange.describe(request.url());
    BoundedExchange.Answer answer;
    try {
      answer = BoundedExchange.execute(clients.forTls(TlsSettings.DEFAULT), request, timeout, MAX_ANSWER_BYTES);
    } catch (BoundedExchange.TooLarge e) {
      return MeasurementOutcome.failure("new relic answer from " + where + " exceeds " + e.limitText()
          + "; narrow the query (LIMIT, fewer facets)");
    } catch (InterruptedIOException e) {
      return MeasurementOutcome.failure("new relic at " + where + " did not answer within "
          + BoundedExchange.human(timeout));
    } catch (IOException | GeneralSecurityException e) {
      return MeasurementOutcome.failure("cannot reach new relic at " + where + ": " + e.getMessage());
    }
    if (answer.redirect()) {
      return MeasurementOutcome.failure("new relic at " + where + " answered with a redirect (HTTP "
          + answer.status() + "); set base-url-nerdgraph to where it points");
    }
    return NerdGraphAnswers.parse(answer.status(), answer.body());
  }

  private static NewRelicAccount account(NewRelicMetric spec, MeasureContext context) throws ArgumentException {
    // Read unmarked, so the account and URL can be named; the key is marked right after.
    NewRelicAccount account = Boolean.TRUE.equals(spec.namespaced)
        ? NewRelicAccount.read(spec.profile, context::setting, "the run's namespace")
        : NewRelicAccount.read(spec.profile, OperatorSecrets.lookup(context.kubernetes()),
            "the operator's namespace " + OperatorSecrets.namespace());
    context.remember(account.apiKey());
    return account;
  }

  @Override
  public void close() {
    clients.close();
  }
}
