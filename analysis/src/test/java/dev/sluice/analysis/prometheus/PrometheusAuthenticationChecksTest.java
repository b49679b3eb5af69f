package dev.sluice.analysis.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.analysis.provider.SpecProblems;
import dev.sluice.api.v1alpha1.OAuth2;
import dev.sluice.api.v1alpha1.PrometheusMetric;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a template's {@code oauth2} and {@code sigv4} are refused for when it is applied (InvalidSpec, lint). */
class PrometheusAuthenticationChecksTest {
  private final PrometheusChecks checks = new PrometheusChecks();

  private static PrometheusMetric spec() {
    PrometheusMetric spec = new PrometheusMetric();
    spec.address = "https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/ws-1";
    spec.query = "up";
    spec.authentication = new PrometheusMetric.Authentication();
    return spec;
  }

  private List<String> problems(PrometheusMetric spec) {
    List<String> problems = new ArrayList<>();
    checks.check(spec, new SpecProblems("", Set.of("oauthSecret", "region"), problems));
    return problems;
  }

  private static OAuth2 oauth2(String tokenUrl, String clientSecret) {
    OAuth2 oauth2 = new OAuth2();
    oauth2.tokenUrl = tokenUrl;
    oauth2.clientId = "my-client-id";
    oauth2.clientSecret = clientSecret;
    oauth2.scopes = List.of("my-oauth2-scope");
    return oauth2;
  }

  /** The forms of Argo's docs/analysis/prometheus.md. */
  @Test
  void argosDocumentedFormsPass() {
    PrometheusMetric withOAuth2 = spec();
    withOAuth2.authentication.oauth2 = oauth2("https://my-oauth2-provider/token", "{{ args.oauthSecret }}");
    PrometheusMetric withSigv4 = spec();
    withSigv4.authentication.sigv4 = new PrometheusMetric.Sigv4();
    withSigv4.authentication.sigv4.region = "eu-west-1";
    withSigv4.authentication.sigv4.profile = "default";
    withSigv4.authentication.sigv4.roleArn = "arn:aws:iam::123456789012:role/amp-query";
    PrometheusMetric emptySigv4 = spec();
    emptySigv4.authentication.sigv4 = new PrometheusMetric.Sigv4();

    assertThat(problems(withOAuth2)).isEmpty();
    assertThat(problems(withSigv4)).isEmpty();
    assertThat(problems(emptySigv4)).isEmpty();
  }

  @Test
  void badOAuth2IsRefused() {
    PrometheusMetric spec = spec();
    spec.authentication.oauth2 = oauth2("my-oauth2-provider/token", "{{args.oauth-secret}}");
    spec.authentication.oauth2.clientSecretRef = new SecretKeySelector("secret", "oauth", null);
    spec.authentication.oauth2.clientId = " ";

    assertThat(problems(spec)).containsExactly(
        "prometheus.authentication.oauth2.tokenUrl must be an http:// or https:// URL",
        "prometheus.authentication.oauth2.clientId is required",
        "prometheus.authentication.oauth2 needs exactly one of clientSecret and clientSecretRef",
        "prometheus.authentication.oauth2.clientSecret uses {{args.oauth-secret}}, but no argument"
            + " \"oauth-secret\" is declared");
  }

  @Test
  void badSigv4AndTwoSchemesAreRefused() {
    PrometheusMetric spec = spec();
    spec.authentication.sigv4 = new PrometheusMetric.Sigv4();
    spec.authentication.sigv4.region = "Ireland";
    spec.authentication.sigv4.roleArn = "amp-query";
    spec.authentication.bearer = new SecretKeySelector("token", "s", null);

    assertThat(problems(spec)).containsExactly(
        "prometheus.authentication: bearer, basic, basicAuth, oauth2 and sigv4 are mutually exclusive",
        "prometheus.authentication.sigv4.region \"Ireland\" is not an AWS region name, e.g. us-east-1",
        "prometheus.authentication.sigv4.roleArn must be an IAM role ARN, arn:aws:iam::<account>:role/<name>");
  }

  @Test
  void argumentsInSigv4FieldsAreCheckedWhenTheRunPlacesThem() {
    PrometheusMetric spec = spec();
    spec.authentication.sigv4 = new PrometheusMetric.Sigv4();
    spec.authentication.sigv4.region = "{{args.region}}";
    spec.authentication.sigv4.roleArn = "{{args.role}}";

    assertThat(problems(spec)).containsExactly(
        "prometheus.authentication.sigv4.roleArn uses {{args.role}}, but no argument \"role\" is declared");
  }
}
