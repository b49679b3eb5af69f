package dev.sluice.operator.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.traffic.smi.TrafficSplitV1alpha2;
import dev.sluice.traffic.smi.TrafficSplitV1alpha3;
import dev.sluice.traffic.traefik.TraefikService;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which kinds get informers: those served at start, and those the API server could not answer for, once it does. */
class RouteInformersTest {
  /** An API server that serves some types, or answers nothing while down. */
  private static final class ApiServer implements RouteInformers.Discovery {
    Set<Class<?>> served = Set.of();
    boolean down;
    int asked;

    @Override
    public boolean serves(Class<? extends HasMetadata> type) {
      asked++;
      if (down) {
        throw new KubernetesClientException("Connection refused");
      }
      return served.contains(type);
    }
  }

  private static final class Ticking extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final ApiServer server = new ApiServer();
  private final Ticking clock = new Ticking();
  private final RouteInformers informers = new RouteInformers(server, clock);

  @Test
  void watchesTheKindsServedAtStartAndTheNewestServedTrafficSplit() {
    server.served = Set.of(Ingress.class, TraefikService.class, TrafficSplitV1alpha2.class, TrafficSplitV1alpha3.class);

    assertThat(informers.decide()).containsOnlyKeys(RouteKind.INGRESS, RouteKind.TRAEFIK_SERVICE, RouteKind.TRAFFIC_SPLIT)
        .containsEntry(RouteKind.TRAFFIC_SPLIT, TrafficSplitV1alpha3.class);
    assertThat(informers.undecided()).isEmpty();
  }

  @Test
  void aKindNotServedAtStartIsNotAskedAgain() {
    server.served = Set.of(Ingress.class);
    informers.decide();
    int asked = server.asked;

    clock.now = clock.now.plus(Duration.ofHours(1));
    assertThat(informers.decide()).isEmpty();
    assertThat(server.asked).isEqualTo(asked);
  }

  @Test
  void kindsUndecidedAtStartAreAskedAgainBackingOffUntilTheApiServerAnswers() {
    server.down = true;
    assertThat(informers.decide()).isEmpty();
    assertThat(informers.undecided()).isEqualTo(EnumSet.allOf(RouteKind.class));

    // The first reconcile asks again at once; then the caller asks nothing until the wait is over.
    assertThat(informers.due()).isTrue();
    assertThat(informers.decide()).isEmpty();
    assertThat(informers.due()).isFalse();
    clock.now = clock.now.plus(RouteInformers.FIRST_RETRY);
    assertThat(informers.due()).isTrue();
    assertThat(informers.decide()).isEmpty();
    clock.now = clock.now.plus(RouteInformers.FIRST_RETRY);
    assertThat(informers.due()).as("the second wait is longer").isFalse();
    clock.now = clock.now.plus(RouteInformers.FIRST_RETRY);

    server.down = false;
    server.served = Set.of(HTTPRoute.class, Ingress.class);
    assertThat(informers.decide()).containsOnlyKeys(RouteKind.HTTP_ROUTE, RouteKind.INGRESS);
    assertThat(informers.undecided()).isEmpty();
    assertThat(informers.due()).isFalse();
  }
}
