package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.List;

/**
 * An Amazon CloudWatch GetMetricData call, as Argo's {@code cloudWatch}: the values of the one query that returns
 * data are the measurement. Credentials and region come from the operator's AWS default chain. {{args.NAME}} is
 * placed in every string field.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CloudWatchMetric {
  @Pattern(ArgTemplates.DURATION_OR_TEMPLATE)
  @JsonPropertyDescription("How far back the data is read, e.g. 30m; default 5m, as in Argo Rollouts.")
  public String interval;

  @Required
  @Size(min = 1, max = 500)
  @JsonPropertyDescription("GetMetricData queries (MetricDataQuery, Argo's field names).")
  public List<MetricDataQuery> metricDataQueries;

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class MetricDataQuery {
    @Required
    @Size(max = 255)
    @JsonPropertyDescription("Short name, starting with a lowercase letter; expressions refer to it.")
    public String id;
    @Size(max = 2048)
    @JsonPropertyDescription("A metric math expression or metric insights query; exclusive with metricStat.")
    public String expression;
    @Size(max = 1024)
    public String label;
    public MetricStat metricStat;
    // Argo writes seconds as an integer; a string is read as seconds too (it may hold {{args.NAME}}).
    @SchemaFrom(type = IntOrString.class)
    @JsonPropertyDescription("Seconds between the returned points for an expression.")
    public String period;
    @JsonPropertyDescription("Whether this query's values are returned; default true. Exactly one query may return"
        + " data: its values are the result.")
    public Boolean returnData;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class MetricStat {
    @Required
    public MetricRef metric;
    @SchemaFrom(type = IntOrString.class)
    @JsonPropertyDescription("Seconds per point: 1, 5, 10, 30 or a multiple of 60.")
    public String period;
    @Required
    @JsonPropertyDescription("Statistic: Sum, Average, Minimum, Maximum, SampleCount, or a percentile like p99.")
    public String stat;
    public String unit;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class MetricRef {
    @Size(max = 30)
    public List<Dimension> dimensions;
    @Required
    public String metricName;
    @Required
    public String namespace;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Dimension {
    @Required
    public String name;
    @Required
    public String value;
  }
}
