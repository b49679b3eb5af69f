package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.util.List;

/** An HTTP request whose JSON answer (or the part of it at {@code jsonPath}) is the measurement, as Argo's {@code web}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
// jsonBody keeps unknown fields and has no type, which CEL cannot see: its rules are checked by the controller.
@ValidationRule(value = "!has(self.body) || (has(self.method) && self.method != 'GET')",
    message = "body needs method POST or PUT")
public class WebMetric {
  @Required
  @Size(max = 2048)
  @JsonPropertyDescription("http(s) URL; {{args.NAME}} is replaced by the argument's value.")
  public String url;

  @Pattern("^(GET|POST|PUT)$")
  @JsonPropertyDescription("GET (default), POST or PUT.")
  public String method;

  @Size(max = 20)
  public List<Header> headers;

  @Size(max = 65536)
  @JsonPropertyDescription("Request body sent as is; {{args.NAME}} is replaced. Exclusive with jsonBody.")
  public String body;

  @PreserveUnknownFields
  @JsonPropertyDescription("Request body as JSON, sent with Content-Type application/json. Exclusive with body.")
  public JsonNode jsonBody;

  @Min(1)
  @Max(60)
  @JsonPropertyDescription("Request timeout in seconds, at most 60 (a waiting request holds an analysis worker). Defaults to 10, as in Argo Rollouts.")
  public Integer timeoutSeconds;

  @Size(max = 1024)
  @JsonPropertyDescription("JSONPath of the result in the answer, e.g. {$.data.ok}; the whole answer when unset.")
  public String jsonPath;

  @JsonPropertyDescription("Skip TLS verification. Only for test servers.")
  public Boolean insecure;

  public Authentication authentication;

  /** Argo Rollouts' web authentication: OAuth2 client credentials, the token sent as a bearer token. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Authentication {
    @JsonPropertyDescription("OAuth2 client credentials grant (RFC 6749 4.4): the token is sent as"
        + " Authorization: Bearer.")
    public OAuth2 oauth2;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(value = "has(self.value) != has(self.valueFrom)", message = "a header needs exactly one of value and valueFrom")
  public static class Header {
    @Required
    @Size(max = 256)
    public String key;

    @JsonPropertyDescription("Header value; {{args.NAME}} is replaced by the argument's value.")
    public String value;

    @JsonPropertyDescription("Header value read from a Secret of the run's namespace, never shown in status or logs.")
    public HeaderSource valueFrom;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class HeaderSource {
    @Required
    public SecretKeySelector secretKeyRef;
  }
}
