package dev.sluice.operator.notifications.services;

/** A place notifications go (webhook, email, Slack...), configured by one {@code service.<type>[.<name>]} key. */
public interface NotificationService {
  void send(Notification notification) throws DeliveryFailure;
}
