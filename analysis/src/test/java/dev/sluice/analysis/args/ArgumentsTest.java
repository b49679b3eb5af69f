package dev.sluice.analysis.args;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.v1alpha1.AnalysisRunArgument;
import dev.sluice.api.v1alpha1.Argument;
import dev.sluice.api.v1alpha1.ArgumentValueFrom;
import dev.sluice.api.v1alpha1.ArgumentValueFrom.PodTemplateHashValue;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArgumentsTest {
  private static final RolloutLookup ROLLOUT = new RolloutLookup() {
    @Override
    public Optional<String> field(String fieldPath) {
      return Optional.ofNullable(Map.of("metadata.name", "checkout", "metadata.labels['team']", "payments")
          .get(fieldPath));
    }

    @Override
    public Optional<String> podTemplateHash(PodTemplateHashValue which) {
      return which == PodTemplateHashValue.Stable ? Optional.of("6d4f8b") : Optional.empty();
    }
  };
  private static final SecretLookup SECRETS = (name, key) ->
      Optional.ofNullable(Map.of("prom/token", "s3cr3t-token", "prom/empty", "").get(name + "/" + key));

  private static Argument declared(String name) {
    Argument arg = new Argument();
    arg.name = name;
    return arg;
  }

  private static Argument withValue(String name, String value) {
    Argument arg = declared(name);
    arg.value = value;
    return arg;
  }

  private static Argument fromSecret(String name, String secret, String key) {
    Argument arg = declared(name);
    arg.valueFrom = new Argument.ValueFrom();
    arg.valueFrom.secretKeyRef = new SecretKeySelector(key, secret, null);
    return arg;
  }

  private static Argument fromField(String name, String path) {
    Argument arg = declared(name);
    arg.valueFrom = new Argument.ValueFrom();
    arg.valueFrom.fieldRef = new ObjectFieldSelector(null, path);
    return arg;
  }

  private static AnalysisRunArgument passed(String name, String value) {
    AnalysisRunArgument arg = new AnalysisRunArgument();
    arg.name = name;
    arg.value = value;
    return arg;
  }

  private static AnalysisRunArgument passedHash(String name, PodTemplateHashValue which) {
    AnalysisRunArgument arg = new AnalysisRunArgument();
    arg.name = name;
    arg.valueFrom = new ArgumentValueFrom();
    arg.valueFrom.podTemplateHashValue = which;
    return arg;
  }

  private static AnalysisRunArgument passedField(String name, String path) {
    AnalysisRunArgument arg = new AnalysisRunArgument();
    arg.name = name;
    arg.valueFrom = new ArgumentValueFrom();
    arg.valueFrom.fieldRef = new ObjectFieldSelector(null, path);
    return arg;
  }

  @Test
  void rolloutValuesOverrideTemplateDefaultsAndSecretsStayReferences() throws Exception {
    List<Argument> merged = ArgumentMerger.merge(
        List.of(declared("service"), withValue("window", "5m"), withValue("quantile", "0.99"),
            fromSecret("token", "prom", "token"), fromField("team", "metadata.labels['team']"), declared("hash"),
            declared("name")),
        List.of(passed("service", "checkout"), passed("quantile", "0.95"), passedHash("hash", PodTemplateHashValue.Stable),
            passedField("name", "metadata.name"), passed("undeclared", "ignored")),
        ROLLOUT);
    assertThat(merged).extracting(a -> a.name, a -> a.value).containsExactly(
        org.assertj.core.groups.Tuple.tuple("service", "checkout"),
        org.assertj.core.groups.Tuple.tuple("window", "5m"),
        org.assertj.core.groups.Tuple.tuple("quantile", "0.95"),
        org.assertj.core.groups.Tuple.tuple("token", null),
        org.assertj.core.groups.Tuple.tuple("team", "payments"),
        org.assertj.core.groups.Tuple.tuple("hash", "6d4f8b"),
        org.assertj.core.groups.Tuple.tuple("name", "checkout"));
    assertThat(merged.get(3).valueFrom.secretKeyRef.getName()).isEqualTo("prom");
  }

  @Test
  void missingRequiredArgumentIsAClearError() {
    assertThatThrownBy(() -> ArgumentMerger.merge(List.of(declared("service")), List.of(), ROLLOUT))
        .isInstanceOf(ArgumentException.class)
        .hasMessage("argument \"service\" has no value: the template gives no default and the rollout does not set it");
  }

  @Test
  void unavailableRolloutValuesAreErrors() {
    assertThatThrownBy(() -> ArgumentMerger.merge(List.of(declared("hash")),
        List.of(passedHash("hash", PodTemplateHashValue.Latest)), ROLLOUT))
        .hasMessage("argument \"hash\": the rollout has no Latest pod template hash yet");
    assertThatThrownBy(() -> ArgumentMerger.merge(List.of(fromField("x", "spec.nothing")), List.of(), ROLLOUT))
        .hasMessage("argument \"x\": the rollout has no value at spec.nothing");
  }

  @Test
  void flattenCombinesTemplates() throws Exception {
    List<Argument> combined = ArgumentMerger.flatten(List.of(
        List.of(declared("service"), withValue("window", "5m")),
        List.of(withValue("service", "checkout"), withValue("window", "5m"), declared("extra"))));
    assertThat(combined).extracting(a -> a.name, a -> a.value).containsExactly(
        org.assertj.core.groups.Tuple.tuple("service", "checkout"),
        org.assertj.core.groups.Tuple.tuple("window", "5m"),
        org.assertj.core.groups.Tuple.tuple("extra", null));
    assertThatThrownBy(() -> ArgumentMerger.flatten(List.of(List.of(withValue("w", "5m")), List.of(withValue("w", "1m")))))
        .hasMessage("argument \"w\" is declared by several templates with different values");
  }

  @Test
  void resolverReadsSecretsAndRemembersThemForRedaction() throws Exception {
    ResolvedArgs args = ArgumentResolver.resolve(
        List.of(withValue("service", "checkout"), fromSecret("token", "prom", "token")), SECRETS);
    assertThat(args.values()).isEqualTo(Map.of("service", "checkout", "token", "s3cr3t-token"));
    assertThat(args.secretValues()).isEqualTo(Set.of("s3cr3t-token"));
    assertThat(args.redact("bad token s3cr3t-token in query")).isEqualTo("bad token ***** in query");
    assertThat(args.toString()).doesNotContain("s3cr3t").contains("token");
  }

  @Test
  void redactionHidesLongerSecretsFirst() {
    ResolvedArgs args = new ResolvedArgs(Map.of(), Set.of("abc", "abcdef", ""));
    assertThat(args.redact("x abcdef y abc")).isEqualTo("x ***** y *****");
    assertThat(args.redact(null)).isNull();
  }

  @Test
  void missingSecretIsAnErrorThatNamesItButNoValue() {
    assertThatThrownBy(() -> ArgumentResolver.resolve(List.of(fromSecret("token", "prom", "missing")), SECRETS))
        .isInstanceOf(ArgumentException.class)
        .hasMessage("argument \"token\": secret \"prom\" does not exist or has no key \"missing\"");
  }

  @Test
  void optionalMissingSecretIsEmpty() throws Exception {
    Argument arg = fromSecret("token", "prom", "missing");
    arg.valueFrom.secretKeyRef.setOptional(true);
    assertThat(ArgumentResolver.resolve(List.of(arg), SECRETS).values()).containsEntry("token", "");
  }

  @Test
  void unresolvedArgumentsInARunAreErrors() {
    assertThatThrownBy(() -> ArgumentResolver.resolve(List.of(declared("service")), SECRETS))
        .hasMessage("argument \"service\" has no value");
    assertThatThrownBy(() -> ArgumentResolver.resolve(List.of(fromField("team", "metadata.name")), SECRETS))
        .hasMessageContaining("fieldRef (metadata.name) is read from the rollout when the run is created");
  }
}
