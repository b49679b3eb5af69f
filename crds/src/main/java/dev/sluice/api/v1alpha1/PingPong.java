package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Argo Rollouts' ping-pong Services: two Services that keep their selectors for a whole release. One is stable
 * (status.canary.stablePingPong), the other is pointed at each new revision and takes its traffic; a completed
 * release sends all traffic to it and it becomes the stable one, instead of re-pointing the stable Service. A
 * Service whose selector never moves under a serving pod is what the AWS Load Balancer Controller's pod readiness
 * gates need.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.pingService != self.pongService", message = "pingService and pongService must differ",
    fieldPath = ".pongService")
public class PingPong {
  @Required
  @Size(min = 1, max = 63)
  @JsonPropertyDescription("One of the two Services; stable after the first release.")
  public String pingService;

  @Required
  @Size(min = 1, max = 63)
  @JsonPropertyDescription("The other Service; it takes the second release, and they alternate from then on.")
  public String pongService;

  /** The value of status.canary.stablePingPong when the ping Service is stable. */
  public static final String PING = "ping";
  /** The value of status.canary.stablePingPong when the pong Service is stable. */
  public static final String PONG = "pong";

  /** The stable Service for a status.canary.stablePingPong value (pong when unset, as in Argo Rollouts). */
  public String stable(String stablePingPong) {
    return PING.equals(stablePingPong) ? pingService : pongService;
  }

  /** The Service that takes the next revision: the one that is not stable. */
  public String canary(String stablePingPong) {
    return PING.equals(stablePingPong) ? pongService : pingService;
  }

  /** The other value: what a completed release sets. */
  public static String flip(String stablePingPong) {
    return PING.equals(stablePingPong) ? PONG : PING;
  }
}
