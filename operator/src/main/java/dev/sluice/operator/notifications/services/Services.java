package dev.sluice.operator.notifications.services;

import dev.sluice.operator.notifications.NotificationsConfig.ServiceConfig;
import java.time.Clock;
import java.util.Map;

/** Builds the service a {@code service.<type>[.<name>]} key configures; an unknown type is a permanent failure. */
public final class Services {
  private Services() {
  }

  /** @param summary what a webhook without a body template sends besides the message (trigger, rollout...) */
  public static NotificationService of(ServiceConfig config, Map<String, String> summary) throws DeliveryFailure {
    return switch (config.type()) {
      case "webhook" -> new WebhookService(config.name(), config.settings(), summary);
      case "email" -> new EmailService(config.name(), config.settings());
      case "slack" -> new SlackService(config.name(), config.settings());
      case "teams" -> new TeamsService(config.name(), config.settings());
      case "pagerdutyv2" -> new PagerDutyService(config.name(), config.settings());
      case "opsgenie" -> new OpsgenieService(config.name(), config.settings());
      case "grafana" -> new GrafanaService(config.name(), config.settings(), Clock.systemUTC());
      case "github" -> new GitHubService(config.name(), config.settings(), Clock.systemUTC());
      default -> throw DeliveryFailure.permanent("service type " + config.type() + " is not supported (webhook, email, "
          + "slack, teams, pagerdutyv2, opsgenie, grafana, github)");
    };
  }
}
