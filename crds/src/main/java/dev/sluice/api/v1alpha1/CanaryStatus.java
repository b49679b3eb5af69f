package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class CanaryStatus {
  public TrafficWeights weights;
  public String currentStepAnalysisRun;
  public String currentBackgroundAnalysisRun;
  /** The attempt number in this revision's AnalysisRun names: a retry or a re-deploy takes the first unused one, so old runs never decide. */
  public Integer attempt;
  /**
   * The background AnalysisRun whose Inconclusive result paused the rollout. Once a person promotes, the steps go on
   * without it; a new attempt or revision gets a new run name, so this never carries over.
   */
  public String inconclusiveBackgroundRun;
  /** With pingPong: which of the two Services is stable, ping or pong (pong until the first release, as in Argo). */
  @io.fabric8.generator.annotation.Pattern("^(ping|pong)$")
  public String stablePingPong;

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class TrafficWeights {
    public WeightDestination canary;
    public WeightDestination stable;
    /** Whether the router read back the weights it was asked to set. */
    public Boolean verified;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class WeightDestination {
    public Integer weight;
    public String serviceName;
    public String podTemplateHash;
  }
}
