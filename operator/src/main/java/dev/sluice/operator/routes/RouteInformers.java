package dev.sluice.operator.routes;

import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.operator.cache.ListPages;
import dev.sluice.operator.cache.PrunedCache;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.EventSourceRetriever;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Informers on the router objects steps read and patch ({@link RouteKind}), so that verifying a weight reads a cache
 * instead of the API server, and a change of one of them reconciles the Rollouts that name or own it. Started for
 * the kinds the API server serves when the operator starts: a cluster without Istio or Traefik runs without them,
 * and a kind installed later is read live. When the API server could not answer at start (restarting, unreachable),
 * the undecided kinds are read live meanwhile and asked again from reconciles, backing off, until it answers: a
 * transient outage at start does not leave the operator without caches or router events for its whole life.
 */
public final class RouteInformers {
  private static final Logger LOG = Logger.getLogger(RouteInformers.class);
  static final String INDEX = "routeObjects";
  static final Duration FIRST_RETRY = Duration.ofSeconds(5);
  static final Duration LAST_RETRY = Duration.ofMinutes(2);

  /** A cache's lookup by namespace and name. */
  interface Lookup {
    Optional<? extends HasMetadata> get(String namespace, String name);
  }

  /** Whether the API server serves a type; throws when it could not tell. */
  interface Discovery {
    boolean serves(Class<? extends HasMetadata> type);
  }

  private final Map<Class<?>, Lookup> lookups = new ConcurrentHashMap<>();
  private final List<EventSource<?, Rollout>> startSources = new ArrayList<>();
  private final Set<RouteKind> undecided = EnumSet.noneOf(RouteKind.class);
  private final Discovery discovery;
  private final Clock clock;
  private Instant nextAsk;
  private Duration retry = FIRST_RETRY;

  RouteInformers(Discovery discovery, Clock clock) {
    this.discovery = discovery;
    this.clock = clock;
  }

  RouteInformers(Map<Class<?>, Lookup> lookups) {
    this(type -> false, Clock.systemUTC());
    this.lookups.putAll(lookups);
  }

  /** No informers: every read goes to the API server. */
  public static RouteInformers none() {
    return new RouteInformers(Map.of());
  }

  public static RouteInformers prepare(KubernetesClient client, EventSourceContext<Rollout> context) {
    context.getPrimaryCache().addIndexer(INDEX, RouteKeys::of);
    RouteInformers informers = new RouteInformers(client::supports, Clock.systemUTC());
    informers.decide().forEach((kind, type) -> informers.startSources.add(informers.cache(informers.source(kind, type, context))));
    return informers;
  }

  /** The informers started with the controller. */
  public List<EventSource<?, Rollout>> eventSources() {
    return List.copyOf(startSources);
  }

  /**
   * Registers the informers of the kinds discovery could not decide at start, once the API server answers; a no-op
   * (no request) when there are none or the next attempt is not due.
   */
  public void registerUndecided(EventSourceRetriever<Rollout> retriever) {
    Map<RouteKind, Class<? extends HasMetadata>> served;
    synchronized (this) {
      if (!due()) {
        return;
      }
      served = decide();
    }
    served.forEach((kind, type) -> {
      // Registered first, then read: until its cache has synced, a lookup finds nothing and the object is read live.
      cache(retriever.dynamicallyRegisterEventSource(source(kind, type, retriever.eventSourceContextForDynamicRegistration())));
      LOG.infof("%s is served: its informer is registered now that the API server answers", kind);
    });
  }

  /**
   * Asks the API server about the undecided kinds (every kind, the first time) and returns those it serves, by the
   * type to watch; a kind it could not tell about stays undecided: asked again at the first reconcile, then after a
   * growing delay.
   */
  synchronized Map<RouteKind, Class<? extends HasMetadata>> decide() {
    boolean atStart = nextAsk == null;
    Set<RouteKind> asking = atStart ? EnumSet.allOf(RouteKind.class) : EnumSet.copyOf(undecided);
    Map<RouteKind, Class<? extends HasMetadata>> served = new EnumMap<>(RouteKind.class);
    for (RouteKind kind : asking) {
      try {
        Optional<Class<? extends HasMetadata>> type = kind.types().stream().filter(discovery::serves).findFirst();
        undecided.remove(kind);
        type.ifPresentOrElse(t -> served.put(kind, t), () -> LOG.infof(
            "%s (%s) is not served: Rollouts that name one read it from the API server", kind, HasMetadata.getGroup(kind.types().get(0))));
      } catch (KubernetesClientException e) {
        // Without an informer the router reads live, which always works; the kind is asked again later.
        undecided.add(kind);
        LOG.warnf("could not tell whether %s is served, read live until the API server answers: %s", kind, e.getMessage());
      }
    }
    Instant now = clock.instant();
    if (atStart) {
      // The first reconcile asks again at once: a reconcile means the API server answered the controller's list.
      nextAsk = now;
    } else if (!undecided.isEmpty()) {
      nextAsk = now.plus(retry);
      retry = retry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : retry.multipliedBy(2);
    }
    return served;
  }

  /** Whether there are undecided kinds and it is time to ask about them again. */
  synchronized boolean due() {
    return !undecided.isEmpty() && !clock.instant().isBefore(nextAsk);
  }

  synchronized Set<RouteKind> undecided() {
    return undecided.isEmpty() ? EnumSet.noneOf(RouteKind.class) : EnumSet.copyOf(undecided);
  }

  private <T extends HasMetadata> InformerEventSource<T, Rollout> source(RouteKind kind, Class<T> type,
      EventSourceContext<Rollout> context) {
    var configuration = InformerEventSourceConfiguration.from(type, Rollout.class)
        .withName("route-" + kind.name().toLowerCase(Locale.ROOT))
        .withSecondaryToPrimaryMapper(object -> rollouts(kind, object, key -> context.getPrimaryCache().byIndex(INDEX, key)))
        .withItemStore(PrunedCache.store())
        .withInformerListLimit(ListPages.LIMIT)
        .build();
    return new InformerEventSource<>(configuration, context);
  }

  private <T> EventSource<T, Rollout> cache(EventSource<T, Rollout> source) {
    InformerEventSource<?, Rollout> informer = (InformerEventSource<?, Rollout>) source;
    lookups.put(informer.resourceType(), (namespace, name) -> informer.get(new ResourceID(name, namespace)));
    return source;
  }

  /** The Rollouts to reconcile on an event of this object: those that name it, and the one that owns it. */
  static Set<ResourceID> rollouts(RouteKind kind, HasMetadata object, Function<String, List<Rollout>> byIndex) {
    String namespace = object.getMetadata().getNamespace();
    Set<ResourceID> rollouts = new HashSet<>();
    byIndex.apply(kind.key(namespace, object.getMetadata().getName())).forEach(r -> rollouts.add(ResourceID.fromResource(r)));
    List<OwnerReference> owners = object.getMetadata().getOwnerReferences();
    if (owners != null) {
      String apiVersion = HasMetadata.getApiVersion(Rollout.class);
      owners.stream().filter(o -> HasMetadata.getKind(Rollout.class).equals(o.getKind()) && apiVersion.equals(o.getApiVersion()))
          .forEach(o -> rollouts.add(new ResourceID(o.getName(), namespace)));
    }
    return rollouts;
  }

  /** The cached object, or no answer at all when this type has no informer (then the caller reads it live). */
  @SuppressWarnings("unchecked")
  <T extends HasMetadata> Optional<Optional<T>> cached(Class<T> type, String namespace, String name) {
    Lookup lookup = lookups.get(type);
    return lookup == null ? Optional.empty() : Optional.of((Optional<T>) lookup.get(namespace, name));
  }

  boolean informs(Class<?> type) {
    return lookups.containsKey(type);
  }
}
