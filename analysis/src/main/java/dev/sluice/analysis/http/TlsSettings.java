package dev.sluice.analysis.http;

/** What distinguishes one HTTP client from another: how the server's certificate is checked. */
public record TlsSettings(String caPem, boolean insecure) {
  public static final TlsSettings DEFAULT = new TlsSettings(null, false);

  /** {@code caPem} may be null (the JVM's trust store); {@code insecure} null means false. */
  public static TlsSettings of(String caPem, Boolean insecure) {
    boolean skip = Boolean.TRUE.equals(insecure);
    // Skipping verification makes a CA bundle irrelevant; one client serves every such metric.
    return new TlsSettings(skip ? null : caPem, skip);
  }
}
