package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.util.List;

/**
 * OAuth2 client credentials (RFC 6749 4.4) for a metric provider's requests, with Argo Rollouts' fields (its
 * {@code authentication.oauth2} of prometheus and web metrics); clientSecretRef is Sluice's addition, the
 * Secret-backed form basic auth uses.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.clientSecret) != has(self.clientSecretRef)",
    message = "oauth2 needs exactly one of clientSecret and clientSecretRef")
public class OAuth2 {
  @Required
  @JsonPropertyDescription("The token endpoint, http:// or https://; {{args.NAME}} is placed.")
  public String tokenUrl;
  @Required
  @JsonPropertyDescription("The client id; {{args.NAME}} is placed.")
  public String clientId;
  @JsonPropertyDescription("The client secret as Argo Rollouts writes it: \"{{args.NAME}}\" with the argument from"
      + " a Secret (valueFrom.secretKeyRef). Exclusive with clientSecretRef.")
  public String clientSecret;
  @JsonPropertyDescription("The client secret taken from a Secret key. Exclusive with clientSecret.")
  public SecretKeySelector clientSecretRef;
  @Size(max = 20)
  @JsonPropertyDescription("Scopes asked for, sent space-separated.")
  public List<String> scopes;
}
