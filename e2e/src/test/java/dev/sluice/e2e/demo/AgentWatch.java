package dev.sluice.e2e.demo;

import dev.sluice.e2e.FluxView;
import java.util.Map;
import java.util.Objects;

/**
 * Prints, whenever it changes, Flux's view of the app (the Kustomization's Ready condition and the revision it last
 * applied) next to Sluice's (the Rollout's phase and the route's weights): the two agents side by side.
 */
final class AgentWatch implements AutoCloseable {
  private final FluxView flux;
  private final DemoCluster cluster;
  private final Timeline timeline;
  private final Thread thread;
  private volatile boolean running = true;
  private String last = "";

  AgentWatch(FluxView flux, DemoCluster cluster, Timeline timeline) {
    this.flux = flux;
    this.cluster = cluster;
    this.timeline = timeline;
    this.thread = new Thread(this::loop, "agent-watch");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    while (running) {
      try {
        String line = line();
        if (!line.equals(last)) {
          last = line;
          timeline.say(line);
        }
      } catch (RuntimeException e) {
        // The objects may not exist yet, or the API server may be busy: look again.
      }
      DemoStory.sleep(java.time.Duration.ofMillis(300));
    }
  }

  /** "flux: Ready=False HealthCheckFailed, applied 1a2b3c4 | sluice: Progressing, route 25/75". */
  String line() {
    Map<String, Object> ready = flux.ready(DemoStory.KUSTOMIZATION);
    String applied = FluxView.commitOf(flux.lastAppliedRevision(DemoStory.KUSTOMIZATION));
    String fluxView = ready.isEmpty() ? "not reconciled yet"
        : "Ready=" + ready.get("status") + " " + ready.get("reason") + ", applied " + (applied == null ? "nothing" : shortId(applied));
    String phase = cluster.phase();
    String sluiceView = phase == null ? "no Rollout yet" : phase + ", route " + weights();
    return String.format("%-58s | sluice: %s", "flux: " + fluxView, sluiceView);
  }

  private String weights() {
    try {
      return cluster.routeWeights();
    } catch (RuntimeException e) {
      return "none";
    }
  }

  static String shortId(String commit) {
    return Objects.requireNonNull(commit).substring(0, Math.min(7, commit.length()));
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
