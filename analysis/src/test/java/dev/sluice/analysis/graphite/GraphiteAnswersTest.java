package dev.sluice.analysis.graphite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.analysis.MeasurementOutcome;
import dev.sluice.analysis.provider.SpecProblems;
import dev.sluice.api.v1alpha1.GraphiteMetric;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Render API answers the real server is not made to give here, the query rules, and the checks on apply. */
class GraphiteAnswersTest {
  private static String failure(MeasurementOutcome outcome) {
    assertThat(outcome).isInstanceOf(MeasurementOutcome.Failure.class);
    return ((MeasurementOutcome.Failure) outcome).message();
  }

  @Test
  void theFirstSeriesIsTheResultAndNullsAreLeftOut() {
    MeasurementOutcome outcome = GraphiteProvider.values("[{\"target\":\"a\",\"datapoints\":[[1.5,60],[null,120],"
        + "[2,180]]},{\"target\":\"b\",\"datapoints\":[[9,60]]}]");

    assertThat(((MeasurementOutcome.Value) outcome).value().values()).containsExactly(1.5, 2.0);
  }

  @Test
  void malformedAnswersAreErrors() {
    assertThat(failure(GraphiteProvider.values("<html>bad gateway</html>"))).startsWith(
        "graphite answered something other than JSON");
    assertThat(failure(GraphiteProvider.values("{\"error\":\"x\"}"))).startsWith("graphite answer is not a list");
    assertThat(failure(GraphiteProvider.values("[{\"target\":\"a\"}]"))).isEqualTo(
        "graphite series has no datapoints list");
    assertThat(failure(GraphiteProvider.values("[{\"datapoints\":[[\"high\",60]]}]"))).isEqualTo(
        "graphite datapoint value is not a number: \"high\"");
  }

  @Test
  void aHugeSeriesIsShownBounded() {
    StringBuilder points = new StringBuilder();
    for (int i = 0; i < 50_000; i++) {
      points.append(i == 0 ? "" : ",").append("[").append(i).append(",").append(i * 60).append("]");
    }
    MeasurementOutcome outcome = GraphiteProvider.values("[{\"datapoints\":[" + points + "]}]");

    assertThat(((MeasurementOutcome.Value) outcome).value().display().length()).isLessThan(1100);
  }

  @Test
  void whiteSpaceGoesAndArgumentsAreEncoded() {
    assertThat(GraphiteQueries.render("target=sum(\n  app.{{ args.svc }}.x)\n&from=-5min",
        Map.of("svc", "a b&c"))).isEqualTo("target=sum(app.a+b%26c.x)&from=-5min");
  }

  @Test
  void checksOnApply() {
    GraphiteMetric spec = new GraphiteMetric();
    spec.address = "graphite:8080";
    spec.query = "from=-5min&x={{args.other}}";
    List<String> problems = new ArrayList<>();
    new GraphiteChecks().check(spec, new SpecProblems("", Set.of("svc"), problems));

    assertThat(problems).containsExactly(
        "graphite.address must be an http:// or https:// URL",
        "graphite.query uses {{args.other}}, but no argument \"other\" is declared",
        "graphite.query needs a target, e.g. target=sumSeries(app.errors)&from=-5min");
  }
}
