package dev.sluice.operator.config;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Only one replica reconciles at a time; the others wait on a Lease and take over when it expires, or at once when
 * the leader shuts down cleanly and releases it. The one that takes over tells the {@link LeadershipListener}s
 * (notifications send what a previous leader left in their outbox).
 */
@Singleton
public class LeaderConfiguration extends LeaderElectionConfiguration {
  private static final Logger LOG = Logger.getLogger(LeaderConfiguration.class);

  @Inject
  public LeaderConfiguration(KubernetesClient client,
      @ConfigProperty(name = "sluice.leader-election.lease-name", defaultValue = "sluice-operator") String leaseName,
      @ConfigProperty(name = "sluice.leader-election.lease-namespace") Optional<String> leaseNamespace,
      @ConfigProperty(name = "sluice.leader-election.identity") Optional<String> identity,
      Instance<LeadershipListener> listeners) {
    this(client, leaseName, leaseNamespace.orElseGet(LeaderConfiguration::defaultNamespace), identity.orElseGet(LeaderConfiguration::defaultIdentity),
        listeners);
  }

  /** exitOnStopLeading is off: {@link LeaderLoss} exits instead, without deadlocking a SIGTERM shutdown. */
  private LeaderConfiguration(KubernetesClient client, String leaseName, String leaseNamespace, String identity,
      Instance<LeadershipListener> listeners) {
    super(leaseName, leaseNamespace, Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2), identity,
        new LeaderCallbacks(() -> started(listeners), LeaderLoss.of(identity,
            new LeaseRelease(client, leaseNamespace, leaseName, identity)), leader -> { }), false);
  }

  /** Resolved only now, on the elector's thread: the listeners are not needed (nor built) by a standby. */
  private static void started(Instance<LeadershipListener> listeners) {
    for (LeadershipListener listener : listeners) {
      try {
        listener.leadershipStarted();
      } catch (RuntimeException e) {
        LOG.warnf("leadership listener %s failed: %s", listener.getClass().getSimpleName(), e.getClass().getName());
      }
    }
  }

  /**
   * In a Pod, null lets JOSDK use the Pod's namespace (from its service account); outside a cluster (a developer's
   * machine, the e2e tests) there is no such file, so POD_NAMESPACE or "default".
   */
  private static String defaultNamespace() {
    if (java.nio.file.Files.exists(java.nio.file.Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace"))) {
      return null;
    }
    return Optional.ofNullable(System.getenv("POD_NAMESPACE")).orElse("default");
  }

  /** Pod name in a cluster; host and pid elsewhere, so two local processes never share an identity. */
  private static String defaultIdentity() {
    String host = Optional.ofNullable(System.getenv("HOSTNAME")).orElse("sluice");
    return host + "-" + ProcessHandle.current().pid();
  }
}
