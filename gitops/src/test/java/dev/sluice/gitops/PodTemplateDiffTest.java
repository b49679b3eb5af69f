package dev.sluice.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import org.junit.jupiter.api.Test;

class PodTemplateDiffTest {

  static PodTemplateSpec template(String hash, String image, String logLevel, boolean debugEnv) {
    var builder = new PodTemplateSpecBuilder()
        .withNewMetadata().addToLabels("app", "checkout").addToLabels("rollouts-pod-template-hash", hash).endMetadata()
        .withNewSpec()
        .addNewContainer().withName("app").withImage(image)
        .addNewEnv().withName("LOG_LEVEL").withValue(logLevel).endEnv();
    if (debugEnv) {
      builder = builder.addNewEnv().withName("DEBUG").withValue("1").endEnv();
    }
    return builder.endContainer()
        .addNewContainer().withName("proxy").withImage("envoy:1.30").endContainer()
        .endSpec().build();
  }

  @Test
  void listsChangedValuesByContainerAndEnvNameAndIgnoresTheHashLabel() {
    var changes = PodTemplateDiff.between(template("aaa", "app:2.0", "info", false),
        template("bbb", "app:3.0", "debug", true));

    assertThat(changes).containsExactlyInAnyOrder(
        ValueChange.of("spec.containers[name=app].image", "app:2.0", "app:3.0"),
        ValueChange.of("spec.containers[name=app].env[name=LOG_LEVEL].value", "info", "debug"),
        ValueChange.of("spec.containers[name=app].env[name=DEBUG].name", null, "DEBUG"),
        ValueChange.of("spec.containers[name=app].env[name=DEBUG].value", null, "1"));
    assertThat(changes).filteredOn(ValueChange::isImage).extracting(c -> c.field().toString())
        .containsExactly("spec.containers[name=app].image");
  }

  @Test
  void identicalTemplatesHaveNoChanges() {
    assertThat(PodTemplateDiff.between(template("a", "app:2.0", "info", false),
        template("b", "app:2.0", "info", false))).isEmpty();
  }
}
