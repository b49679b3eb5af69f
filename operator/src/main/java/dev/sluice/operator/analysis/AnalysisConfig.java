package dev.sluice.operator.analysis;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How many analysis measurements run at once ({@code sluice.analysis.*}). Measurements wait on Prometheus, so they
 * run on workers of their own, never on the reconcile threads that every Rollout shares.
 */
@ConfigMapping(prefix = "sluice.analysis")
public interface AnalysisConfig {
  /** Workers taking measurements, over all namespaces. */
  @WithDefault("16")
  int measurementThreads();

  /** Measurements of one namespace running at once: a namespace whose queries hang holds at most this many workers. */
  @WithDefault("4")
  int measurementsPerNamespace();

  /** Measurements of one namespace waiting for a worker; past it a run tries again 10 s later. */
  @WithDefault("200")
  int queuedMeasurementsPerNamespace();
}
