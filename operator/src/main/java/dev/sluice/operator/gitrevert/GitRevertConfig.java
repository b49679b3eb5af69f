package dev.sluice.operator.gitrevert;

import dev.sluice.api.v1alpha1.GitRevert.CommitMode;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Operator-wide Git revert settings ({@code sluice.git-revert.*}): defaults a platform team sets for every
 * Rollout, which a Rollout's spec.gitRevert overrides field by field (see {@link RevertSettings#merge}).
 */
@ConfigMapping(prefix = "sluice.git-revert")
public interface GitRevertConfig {
  /** Revert for every Rollout that names a repository, unless its spec.gitRevert.enabled says false. */
  @WithDefault("false")
  boolean enabled();

  @WithDefault("Direct")
  CommitMode commitMode();

  @WithDefault("Sluice")
  String authorName();

  @WithDefault("sluice@sluice.dev")
  String authorEmail();

  /** Secret (in the Rollout's namespace) used when spec.gitRevert.secretRef is not set. */
  Optional<String> secretName();

  /** Where temporary clones are made; the JVM's temp directory when not set. */
  Optional<String> workDir();

  /** Push attempts when the branch keeps moving. */
  @WithDefault("5")
  int maxPushAttempts();

  /** Timeout of each network operation. */
  @WithDefault("60s")
  Duration transportTimeout();

  /**
   * Also revert when a revision's analysis ended Error (no measurement), not only Failed; a Rollout's
   * spec.gitRevert.revertOnAnalysisError overrides it.
   */
  @WithDefault("false")
  boolean revertOnAnalysisError();

  /** Wall-clock limit of one revert job (clone, search, push, verification); it ends Failed after it. */
  @WithDefault("5m")
  Duration deadline();

  /** Reverts run at the same time, over all Rollouts. */
  @WithDefault("2")
  int concurrency();

  default RevertDefaults defaults() {
    return new RevertDefaults(enabled(), commitMode(), authorName(), authorEmail(), secretName().orElse(null),
        revertOnAnalysisError());
  }
}
