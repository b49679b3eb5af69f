package dev.sluice.analysis.graphite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.analysis.MeasurementOutcome;
import dev.sluice.analysis.MetricValue;
import dev.sluice.analysis.args.ResolvedArgs;
import dev.sluice.analysis.condition.Condition;
import dev.sluice.analysis.condition.ConditionCompiler;
import dev.sluice.analysis.provider.AnalysisRunRef;
import dev.sluice.analysis.provider.MeasureContext;
import dev.sluice.analysis.testing.GraphiteServer;
import dev.sluice.api.v1alpha1.GraphiteMetric;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The graphite provider against a real graphite-web reading whisper files, with Argo's query form. */
@Tag("graphite")
class GraphiteProviderIntegrationTest {
  private static GraphiteServer graphite;
  private static final GraphiteProvider provider = new GraphiteProvider();

  @BeforeAll
  static void start() throws Exception {
    graphite = GraphiteServer.start();
    graphite.put("app.checkout.stable.success_pct", 99.5, 99.7, 99.9, 99.6);
    graphite.put("app.checkout.canary.success_pct", 99.5, 99.1, 80.0, 75.0);
  }

  @AfterAll
  static void stop() {
    provider.close();
    if (graphite != null) {
      graphite.close();
    }
  }

  private static MeasurementOutcome measure(String query, String track) {
    GraphiteMetric spec = new GraphiteMetric();
    spec.address = graphite.url();
    spec.query = query;
    return provider.measure(spec, new MeasureContext(new AnalysisRunRef("ns", "run", "uid"),
        ResolvedArgs.of(Map.of("track", track)), (name, key) -> Optional.empty(), null, "success", 0));
  }

  private static List<Double> values(MeasurementOutcome outcome) {
    assertThat(outcome).as("%s\n%s", outcome, graphite.logTail()).isInstanceOf(MeasurementOutcome.Value.class);
    return ((MeasurementOutcome.Value) outcome).value().values();
  }

  /** Argo's docs write the target over several lines; white space is removed. */
  @Test
  void aMultiLineTargetGivesTheSeriesNonNullPoints() {
    List<Double> values = values(measure("""
        target=summarize(
          app.checkout.{{args.track}}.success_pct,
          '1min', 'avg')
        &from=-10min""", "canary"));

    assertThat(values).containsExactly(99.5, 99.1, 80.0, 75.0);
  }

  @Test
  void argosConditionPassesTheStableTrackAndFailsTheCanary() throws Exception {
    Condition condition = new ConditionCompiler().compile("all(result, # >= 90.0)");
    String query = "target=app.checkout.{{args.track}}.success_pct&from=-10min";

    List<Double> stable = values(measure(query, "stable"));
    List<Double> canary = values(measure(query, "canary"));

    assertThat(condition.evaluate(MetricValue.series(stable.stream().mapToDouble(d -> d).toArray()))).isTrue();
    assertThat(condition.evaluate(MetricValue.series(canary.stream().mapToDouble(d -> d).toArray()))).isFalse();
  }

  @Test
  void aTargetMatchingNothingIsNoData() {
    assertThat(values(measure("target=app.nothing.here&from=-10min", "canary"))).isEmpty();
  }

  @Test
  void anArgumentCannotAddAParameter() {
    // URL-encoded, the value stays inside the target: graphite finds no such metric instead of reading "from".
    assertThat(values(measure("target=app.checkout.{{args.track}}.success_pct", "canary&from=-1d"))).isEmpty();
  }

  @Test
  void anHttpErrorIsAnErrorNamingTheServer() {
    GraphiteMetric spec = new GraphiteMetric();
    spec.address = graphite.url() + "/no-graphite-here";
    spec.query = "target=app.checkout.stable.success_pct";

    MeasurementOutcome outcome = provider.measure(spec, new MeasureContext(new AnalysisRunRef("ns", "run", "uid"),
        ResolvedArgs.of(Map.of()), (name, key) -> Optional.empty(), null, "success", 0));

    assertThat(((MeasurementOutcome.Failure) outcome).message()).startsWith("graphite at http://127.0.0.1:")
        .contains("/no-graphite-here/render answered HTTP 404");
  }
}
