package dev.sluice.kubectl.kube;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The TLS side of a connection to the API server made without fabric8 ({@link DirectConnection}): the kubeconfig's
 * CA is the only trust anchor (as kubectl and {@link KubeconfigTrust} do) and its client certificate, when it has one,
 * is offered to the server. Hostname verification is the caller's, by the endpoint identification HTTPS that
 * {@code HttpsURLConnection} turns on with its default hostname verifier.
 *
 * <p>The client key is handed to the handshake as it is: fabric8 puts it into a PKCS12 key store for the JDK's key
 * manager factory, which encrypts it (PBKDF2) only for the factory to decrypt it again.
 */
final class DirectTls {
  private DirectTls() {
  }

  /** A socket factory trusting only the CAs, presenting the chain and key when given (both null: no certificate). */
  static SSLSocketFactory socketFactory(List<X509Certificate> cas, List<X509Certificate> chain, PrivateKey key)
      throws GeneralSecurityException {
    KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
    try {
      anchors.load(null, null);
    } catch (IOException e) {
      throw new GeneralSecurityException("an empty key store", e);
    }
    for (int i = 0; i < cas.size(); i++) {
      anchors.setCertificateEntry("ca-" + i, cas.get(i));
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(anchors);
    KeyManager[] keys = key == null ? null : new KeyManager[] {new ClientKey(chain.toArray(X509Certificate[]::new), key)};
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys, trust.getTrustManagers(), null);
    return context.getSocketFactory();
  }

  /** One client certificate, offered whenever the server asks for one the key can sign with. */
  private static final class ClientKey extends X509ExtendedKeyManager {
    private static final String ALIAS = "kubeconfig";
    private final X509Certificate[] chain;
    private final PrivateKey key;

    ClientKey(X509Certificate[] chain, PrivateKey key) {
      this.chain = chain;
      this.key = key;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
      for (String keyType : keyTypes) {
        if (keyType.equals(key.getAlgorithm())) {
          return ALIAS;
        }
      }
      return null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
      return chooseClientAlias(keyTypes, issuers, null);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return keyType.equals(key.getAlgorithm()) ? new String[] {ALIAS} : null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return ALIAS.equals(alias) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return ALIAS.equals(alias) ? key : null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return null;
    }
  }
}
