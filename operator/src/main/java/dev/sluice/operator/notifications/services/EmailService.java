package dev.sluice.operator.notifications.services;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * Email over SMTP, Argo's settings: {@code host}, {@code port}, {@code username}, {@code password}, {@code from},
 * {@code html}, {@code insecure_skip_verify}. Port 465 speaks TLS from the start; any other port upgrades with
 * STARTTLS when the server offers it, and requires it whenever a password would be sent (never in clear text) or
 * {@code starttls: required} says so. The recipient is the address (several: separated by ';' in the annotation);
 * the subject is the template's {@code email.subject}, the body its {@code email.body} or {@code message}.
 */
public final class EmailService implements NotificationService {
  static final int TIMEOUT_MILLIS = 15_000;
  private final String name;
  private final Settings settings;

  public EmailService(String name, java.util.Map<String, Object> settings) {
    this.name = name;
    this.settings = new Settings(name, settings);
  }

  @Override
  public void send(Notification notification) throws DeliveryFailure {
    String host = settings.required("host");
    String port = settings.optional("port") == null ? "587" : settings.optional("port");
    String username = settings.optional("username");
    String password = settings.optional("password");
    boolean implicitTls = "465".equals(port);
    boolean requireTls = password != null || "required".equals(settings.optional("starttls"));
    Properties props = new Properties();
    props.put("mail.smtp.host", host);
    props.put("mail.smtp.port", port);
    props.put("mail.smtp.connectiontimeout", String.valueOf(TIMEOUT_MILLIS));
    props.put("mail.smtp.timeout", String.valueOf(TIMEOUT_MILLIS));
    props.put("mail.smtp.writetimeout", String.valueOf(TIMEOUT_MILLIS));
    props.put("mail.smtp.ssl.enable", String.valueOf(implicitTls));
    props.put("mail.smtp.starttls.enable", String.valueOf(!implicitTls && !"off".equals(settings.optional("starttls"))));
    props.put("mail.smtp.starttls.required", String.valueOf(!implicitTls && requireTls));
    props.put("mail.smtp.auth", String.valueOf(username != null));
    if (settings.bool("insecure_skip_verify")) {
      props.put("mail.smtp.ssl.trust", "*");
      props.put("mail.smtp.ssl.checkserveridentity", "false");
    } else {
      props.put("mail.smtp.ssl.checkserveridentity", "true");
    }
    Session session = Session.getInstance(props);
    try {
      MimeMessage message = new MimeMessage(session);
      message.setFrom(new InternetAddress(settings.required("from"), true));
      for (String to : notification.recipient().split("[;,]")) {
        if (!to.isBlank()) {
          message.addRecipient(Message.RecipientType.TO, new InternetAddress(to.strip(), true));
        }
      }
      if (message.getAllRecipients() == null) {
        throw DeliveryFailure.permanent("email " + name + ": the subscription names no address");
      }
      String subject = notification.partString("email", "subject");
      message.setSubject(subject == null ? firstLine(notification.message()) : subject, StandardCharsets.UTF_8.name());
      String body = notification.partString("email", "body");
      message.setText(body == null ? notification.message() : body, StandardCharsets.UTF_8.name(),
          settings.bool("html") ? "html" : "plain");
      if (username != null) {
        Transport.send(message, username, password == null ? "" : password);
      } else {
        Transport.send(message);
      }
    } catch (AddressException e) {
      throw DeliveryFailure.permanent("email " + name + ": an address is not valid");
    } catch (MessagingException e) {
      // The server's answer (e.g. "530 Must issue a STARTTLS command first"), never the credentials.
      throw new DeliveryFailure("email " + name + " via " + host + ":" + port + ": " + rootCause(e), true, null);
    }
  }

  private static String firstLine(String message) {
    String line = message.lines().findFirst().orElse("Sluice notification");
    return line.length() <= 120 ? line : line.substring(0, 120);
  }

  private static String rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return message.length() <= 200 ? message.strip() : message.substring(0, 200);
  }
}
