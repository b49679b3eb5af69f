package dev.sluice.kubectl;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sluice.api.v1alpha1.AnalysisRun;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.kubectl.view.RolloutSnapshot;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Cluster objects for unit tests, read from src/main/resources/dev/sluice/kubectl/training. */
public final class Fixtures {
  /** The time the fixtures are looked at: one hour after the canary started. */
  public static final Instant NOW = Instant.parse("2025-01-01T02:00:00Z");
  public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private Fixtures() {
  }

  /** Every document of the fixture, sorted into a snapshot by kind (the first Rollout is the subject). */
  public static RolloutSnapshot snapshot(String name) {
    Rollout rollout = null;
    List<ReplicaSet> replicaSets = new ArrayList<>();
    List<Pod> pods = new ArrayList<>();
    List<AnalysisRun> runs = new ArrayList<>();
    for (JsonNode doc : documents(name)) {
      switch (doc.path("kind").asText()) {
        case "Rollout" -> rollout = rollout != null ? rollout : YAML.convertValue(doc, Rollout.class);
        case "ReplicaSet" -> replicaSets.add(YAML.convertValue(doc, ReplicaSet.class));
        case "Pod" -> pods.add(YAML.convertValue(doc, Pod.class));
        case "AnalysisRun" -> runs.add(YAML.convertValue(doc, AnalysisRun.class));
        default -> throw new IllegalArgumentException("unexpected kind in " + name + ": " + doc.path("kind"));
      }
    }
    return new RolloutSnapshot(rollout, replicaSets, pods, runs);
  }

  public static Rollout rollout(String name) {
    return snapshot(name).rollout();
  }

  public static String text(String name) {
    // the fixtures are also what the launcher's training run serves, so they are main resources
    try (InputStream in = Fixtures.class.getResourceAsStream("/dev/sluice/kubectl/training/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<JsonNode> documents(String name) {
    try {
      return YAML.readerFor(JsonNode.class).<JsonNode>readValues(text(name)).readAll();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
