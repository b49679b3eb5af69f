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
@ValidationRule(value = "!has(self.timeout) || type(self.timeout) == string"
    + " || (self.timeout >= 1 && self.timeout <= 60)", message = "timeout is at most 60s", fieldPath = ".timeout")
public class PrometheusMetric {
  /** Up to 60 s: whole seconds (40), or one duration in s, ms or m (40s, 2.5s, 500ms, 1m). */
  public static final String TIMEOUT_PATTERN = "^(0*([0-9]|[1-5][0-9]|60)"
      + "|(0*([0-9]|[1-5][0-9])(\\.[0-9]+)?|0*60(\\.0+)?)s"
      + "|(0*([0-9]{1,4}|[1-5][0-9]{4})(\\.[0-9]+)?|0*60000(\\.0+)?)ms"
      + "|(0*0?\\.[0-9]+|0*1(\\.0+)?)m)$";

  @Required
  // Argo puts arguments in the address, even the whole of it ("{{args.prometheus-address}}"); the run checks the URL
  // once the values are placed.
  @Pattern("^(https?://.+|.*\\{\\{.*}}.*)$")
  @JsonPropertyDescription("Prometheus' base URL, http:// or https://; {{args.NAME}} is placed.")
  public String address;

  @Required
  @JsonPropertyDescription("PromQL; {{args.NAME}} is replaced by the argument's value, escaped for PromQL strings.")
  public String query;

  // Integer or string in the CRD: Argo Rollouts writes seconds (`timeout: 40`), Sluice a duration (`40s`). Jackson
  // reads an integer into this String as its digits (a copy into a run writes them as a string), and
  // Durations.parseSecondsOrDuration reads bare digits as seconds. The 60 s bound is a pattern for strings: a CEL
  // rule over the string (duration(), matches()) is priced over the API server's budget on an int-or-string, and the
  // integer bound sits on the class: on the field itself the API server prices even that rule over its budget.
  @SchemaFrom(type = IntOrString.class)
  @Pattern(TIMEOUT_PATTERN)
  @JsonPropertyDescription("Query timeout: seconds (40) or one duration (40s, 1m, 500ms), at most 60s (a waiting"
      + " query holds an analysis worker). Defaults to 30s, as in Argo Rollouts.")
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
  @ValidationRule(value = "[has(self.bearer), has(self.basic), has(self.basicAuth), has(self.oauth2), has(self.sigv4)]"
      + ".filter(a, a).size() <= 1", message = "bearer, basic, basicAuth, oauth2 and sigv4 are mutually exclusive")
  public static class Authentication {
    @JsonPropertyDescription("Bearer token taken from a Secret key.")
    public SecretKeySelector bearer;
    public BasicAuth basic;
    @JsonPropertyDescription("Basic auth as Argo Rollouts writes it (Grafana Cloud): username and password, each"
        + " usually \"{{args.NAME}}\" with the argument from a Secret.")
    public ArgoBasicAuth basicAuth;
    @JsonPropertyDescription("OAuth2 client credentials grant (RFC 6749 4.4): the token is sent as a bearer token.")
    public OAuth2 oauth2;
    @JsonPropertyDescription("AWS SigV4 request signing, for Amazon Managed Prometheus, with the operator's AWS"
        + " credential chain.")
    public Sigv4 sigv4;
    @JsonPropertyDescription("CA bundle (PEM) taken from a Secret key, to verify the server's certificate.")
    public SecretKeySelector ca;
  }

  /** Argo Rollouts' fields. Credentials come from the operator's AWS default chain (IRSA, env, profile). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Sigv4 {
    @JsonPropertyDescription("AWS region to sign for; default: the operator's (AWS_REGION).")
    public String region;
    @JsonPropertyDescription("A profile of the operator's AWS config and credentials files.")
    public String profile;
    @JsonPropertyDescription("An IAM role to assume (STS AssumeRole) with the chain's credentials before signing.")
    public String roleArn;
  }

  /** Argo Rollouts' basicAuth: plain strings where {{args.NAME}} is placed (arguments may come from Secrets). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ArgoBasicAuth {
    @Required
    @Size(max = 1024)
    public String username;
    @Required
    @Size(max = 4096)
    public String password;
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
