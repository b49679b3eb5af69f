package dev.sluice.operator.config;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Only one replica reconciles at a time; the others wait on a Lease and take over when it expires. */
@Singleton
public class LeaderConfiguration extends LeaderElectionConfiguration {
  public LeaderConfiguration(
      @ConfigProperty(name = "sluice.leader-election.lease-name", defaultValue = "sluice-operator") String leaseName,
      @ConfigProperty(name = "sluice.leader-election.lease-namespace") Optional<String> leaseNamespace,
      @ConfigProperty(name = "sluice.leader-election.identity") Optional<String> identity) {
    super(leaseName, leaseNamespace.orElseGet(LeaderConfiguration::defaultNamespace), Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2),
        identity.orElseGet(LeaderConfiguration::defaultIdentity), null, true);
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
