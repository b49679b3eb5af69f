package dev.sluice.operator.routes;

import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.operator.cache.PrunedCache;
import io.fabric8.istio.api.networking.v1.DestinationRule;
import io.fabric8.istio.api.networking.v1.VirtualService;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Informers on the router objects a step reads and patches (Istio VirtualService and DestinationRule, Gateway API
 * HTTPRoute), so that verifying a weight reads a cache instead of the API server, and a change of one of them
 * reconciles the Rollouts that name it. Started only for the kinds the API server serves when the operator starts:
 * a cluster without Istio or Gateway API runs without them, and a kind installed later is read live.
 */
public final class RouteInformers {
  private static final Logger LOG = Logger.getLogger(RouteInformers.class);
  static final String INDEX = "routeObjects";

  /** A cache's lookup by namespace and name. */
  interface Lookup {
    Optional<? extends HasMetadata> get(String namespace, String name);
  }

  private final Map<Class<?>, Lookup> lookups;
  private final List<EventSource<?, Rollout>> sources;

  RouteInformers(Map<Class<?>, Lookup> lookups, List<EventSource<?, Rollout>> sources) {
    this.lookups = Map.copyOf(lookups);
    this.sources = List.copyOf(sources);
  }

  /** No informers: every read goes to the API server. */
  public static RouteInformers none() {
    return new RouteInformers(Map.of(), List.of());
  }

  public static RouteInformers prepare(KubernetesClient client, EventSourceContext<Rollout> context) {
    context.getPrimaryCache().addIndexer(INDEX, RouteKeys::of);
    Map<Class<?>, Lookup> lookups = new LinkedHashMap<>();
    List<EventSource<?, Rollout>> sources = new ArrayList<>();
    add(lookups, sources, client, context, VirtualService.class, RouteKeys.VIRTUAL_SERVICE);
    add(lookups, sources, client, context, DestinationRule.class, RouteKeys.DESTINATION_RULE);
    add(lookups, sources, client, context, HTTPRoute.class, RouteKeys.HTTP_ROUTE);
    return new RouteInformers(lookups, sources);
  }

  private static <T extends HasMetadata> void add(Map<Class<?>, Lookup> lookups, List<EventSource<?, Rollout>> sources,
      KubernetesClient client, EventSourceContext<Rollout> context, Class<T> type, String kind) {
    if (!served(client, type)) {
      LOG.infof("%s (%s) is not served: Rollouts that name one read it from the API server", kind, HasMetadata.getGroup(type));
      return;
    }
    var configuration = InformerEventSourceConfiguration.from(type, Rollout.class)
        .withName("route-" + kind.toLowerCase(java.util.Locale.ROOT))
        .withSecondaryToPrimaryMapper(object -> context.getPrimaryCache()
            .byIndex(INDEX, RouteKeys.key(kind, object.getMetadata().getNamespace(), object.getMetadata().getName()))
            .stream().map(ResourceID::fromResource).collect(Collectors.toSet()))
        .withItemStore(PrunedCache.store())
        .build();
    InformerEventSource<T, Rollout> source = new InformerEventSource<>(configuration, context);
    lookups.put(type, (namespace, name) -> source.get(new ResourceID(name, namespace)));
    sources.add(source);
  }

  private static boolean served(KubernetesClient client, Class<? extends HasMetadata> type) {
    try {
      return client.supports(type);
    } catch (KubernetesClientException e) {
      // Discovery failed: without an informer the router reads live, which always works.
      LOG.warnf("could not tell whether %s is served: %s", HasMetadata.getKind(type), e.getMessage());
      return false;
    }
  }

  public List<EventSource<?, Rollout>> eventSources() {
    return sources;
  }

  /** The cached object, or no answer at all when this kind has no informer (then the caller reads it live). */
  @SuppressWarnings("unchecked")
  <T extends HasMetadata> Optional<Optional<T>> cached(Class<T> type, String namespace, String name) {
    Lookup lookup = lookups.get(type);
    return lookup == null ? Optional.empty() : Optional.of((Optional<T>) lookup.get(namespace, name));
  }

  boolean informs(Class<?> type) {
    return lookups.containsKey(type);
  }
}
