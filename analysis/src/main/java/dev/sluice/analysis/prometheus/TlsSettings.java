package dev.sluice.analysis.prometheus;

/** What distinguishes one HTTP client from another: how the server's certificate is checked. */
record TlsSettings(String caPem, boolean insecure) {
  static final TlsSettings DEFAULT = new TlsSettings(null, false);

  static TlsSettings of(PrometheusCredentials credentials, Boolean insecure) {
    boolean skip = Boolean.TRUE.equals(insecure);
    // Skipping verification makes a CA bundle irrelevant; one client serves every such metric.
    return new TlsSettings(skip ? null : credentials.caPem(), skip);
  }
}
