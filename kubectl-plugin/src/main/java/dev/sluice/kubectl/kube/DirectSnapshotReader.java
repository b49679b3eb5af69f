package dev.sluice.kubectl.kube;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.sluice.api.v1alpha1.AnalysisRun;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.kubectl.cli.KubeOptions;
import dev.sluice.kubectl.view.RolloutSnapshot;
import io.fabric8.kubernetes.api.model.DefaultKubernetesResourceList;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetList;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What {@link SnapshotReader} reads, without fabric8's client, for the common kubeconfig ({@link DirectConnection}):
 * the same four requests (the Rollout, then the namespace's ReplicaSets, its pods by the rollout's selector and its
 * AnalysisRuns) on one connection, bound by the read model's mapper ({@link ReadModel}). Empty whenever it cannot
 * tell the whole story: a kubeconfig it does not handle, a name that is not a plain DNS name, a selector with
 * expressions, any answer but 200 (a missing rollout or CRD, RBAC, a server error) or any failure. The caller then
 * reads through fabric8 as before, so errors, retries and their messages stay in one place.
 *
 * <p>Building fabric8's client (its configuration, HTTP client factory, executor and HTTP/2 machinery) cost a run
 * ~0.4 s of start-up before the first byte went to the server; see kubectl-plugin/README.md "Start-up time".
 */
public final class DirectSnapshotReader {
  /** Names and namespaces are DNS subdomains; anything else is left to fabric8's encoding and messages. */
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
  private static final TypeReference<DefaultKubernetesResourceList<AnalysisRun>> ANALYSIS_RUN_LIST = new TypeReference<>() {
  };
  /**
   * The paths of Sluice's resources, written out: fabric8's {@code HasMetadata.getPlural} reflects on the classes'
   * annotations and compiles the rules of its Pluralize, ~0.1 s of a run (DirectSnapshotReaderTest holds them equal).
   */
  static final String SLUICE_API = "/apis/" + Rollout.GROUP + "/" + Rollout.VERSION;
  static final String ROLLOUTS = "rollouts";
  static final String ANALYSIS_RUNS = "analysisruns";

  private DirectSnapshotReader() {
  }

  public static Optional<RolloutSnapshot> read(KubeOptions options, Map<String, String> env, String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      return Optional.empty();
    }
    try {
      return DirectConnection.of(options, env).flatMap(connection -> read(connection, name));
    } catch (RuntimeException e) {
      // an answer the read model cannot bind: fabric8's path reports it
      return Optional.empty();
    }
  }

  static Optional<RolloutSnapshot> read(DirectConnection connection, String name) {
    if (!NAME.matcher(connection.namespace()).matches()) {
      return Optional.empty();
    }
    DirectApi api = new DirectApi(connection);
    String namespace = "/namespaces/" + connection.namespace() + "/";
    Optional<Rollout> rollout = api.get(SLUICE_API + namespace + ROLLOUTS + "/" + name).map(body -> bind(body, Rollout.class));
    if (rollout.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> selector = selector(rollout.get());
    if (selector.isEmpty()) {
      return Optional.empty();
    }
    Optional<ReplicaSetList> replicaSets = api.get("/apis/apps/v1" + namespace + "replicasets")
        .map(body -> bind(body, ReplicaSetList.class));
    Optional<PodList> pods = replicaSets.flatMap(r -> api.get("/api/v1" + namespace + "pods" + selector.get()))
        .map(body -> bind(body, PodList.class));
    Optional<DefaultKubernetesResourceList<AnalysisRun>> runs = pods.flatMap(p -> api.get(SLUICE_API + namespace + ANALYSIS_RUNS))
        .map(body -> ReadModel.serialization().unmarshal(new ByteArrayInputStream(body), ANALYSIS_RUN_LIST));
    if (runs.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new RolloutSnapshot(rollout.get(), replicaSets.get().getItems(), pods.get().getItems(),
        runs.get().getItems()));
  }

  /**
   * The query narrowing pods to the rollout's selector, as {@link Neighbours#pods} does: matchLabels only (an empty
   * query without a selector); empty for a selector with expressions, which fabric8 turns into its own syntax.
   */
  static Optional<String> selector(Rollout rollout) {
    LabelSelector selector = rollout.getSpec() == null ? null : rollout.getSpec().selector;
    if (selector == null) {
      return Optional.of("");
    }
    if (selector.getMatchExpressions() != null && !selector.getMatchExpressions().isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> labels = selector.getMatchLabels();
    if (labels == null || labels.isEmpty()) {
      return Optional.of("");
    }
    String query = labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    return Optional.of("?labelSelector=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
  }

  private static <T> T bind(byte[] body, Class<T> type) {
    return ReadModel.serialization().unmarshal(new ByteArrayInputStream(body), type);
  }
}
