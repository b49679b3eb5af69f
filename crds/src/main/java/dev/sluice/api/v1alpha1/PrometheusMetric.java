package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class PrometheusMetric {
  @Required
  @Pattern("^https?://.+")
  public String address;

  @Required
  @JsonPropertyDescription("PromQL; {{args.NAME}} is replaced by the argument's value, escaped for PromQL strings.")
  public String query;

  // Integer or string in the CRD: Argo Rollouts writes seconds (`timeout: 40`); Jackson reads an integer into this
  // String as its digits, and Durations.parseSecondsOrDuration reads bare digits as seconds.
  @SchemaFrom(type = IntOrString.class)
  @Pattern(Durations.SECONDS_OR_DURATION_PATTERN)
  @ValidationRule(value = "type(self) == int ? self <= 60"
      + " : (self.matches('^[0-9]+$') ? int(self) <= 60 : duration(self) <= duration('60s'))",
      message = "timeout is at most 60s")
  @JsonPropertyDescription("Query timeout: seconds (40) or a duration (40s), at most 60s (a waiting query holds an"
      + " analysis worker). Defaults to 30s, as in Argo Rollouts.")
  public String timeout;

  @Size(max = 20)
  public List<Header> headers;

  public Authentication authentication;

  @JsonPropertyDescription("Skip TLS verification. Only for test servers.")
  public Boolean insecure;

  public RangeQuery rangeQuery;

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Header {
    @Required
    public String key;
    @Required
    public String value;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(value = "!(has(self.bearer) && has(self.basic))", message = "bearer and basic are mutually exclusive")
  public static class Authentication {
    @JsonPropertyDescription("Bearer token taken from a Secret key.")
    public SecretKeySelector bearer;
    public BasicAuth basic;
    @JsonPropertyDescription("CA bundle (PEM) taken from a Secret key, to verify the server's certificate.")
    public SecretKeySelector ca;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class BasicAuth {
    @Required
    public SecretKeySelector username;
    @Required
    public SecretKeySelector password;
  }

  /**
   * A range query (/api/v1/query_range); start and end are offsets from now, "now-5m", or as Argo Rollouts writes
   * them, now() - duration("5m"); either may hold {{args.NAME}}.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class RangeQuery {
    /** Sluice's "now-5m", Argo's now() - duration("5m") (a duration may be "{{args.x}}"), or a reference. */
    public static final String TIME_PATTERN = "^(now(-([0-9]+(\\.[0-9]+)?(ms|s|m|h))+)?"
        + "|\\s*now\\(\\s*\\)(\\s*[-+]\\s*duration\\(\\s*(\"[^\"]*\"|'[^']*')\\s*\\))*\\s*"
        + "|" + ArgTemplates.TEMPLATED + ")$";

    @Required
    @Pattern(TIME_PATTERN)
    @JsonPropertyDescription("Start of the window: now-5m, or now() - duration(\"5m\") as in Argo Rollouts.")
    public String start;
    @Pattern(TIME_PATTERN)
    @JsonPropertyDescription("End of the window (default now): now-1m, or now() - duration(\"1m\").")
    public String end;
    @Required
    @Pattern(Durations.PATTERN)
    public String step;
  }
}
