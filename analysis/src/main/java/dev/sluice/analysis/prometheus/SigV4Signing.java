package dev.sluice.analysis.prometheus;

import dev.sluice.api.v1alpha1.PrometheusMetric;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.Request;
import okhttp3.RequestBody;
import okio.Buffer;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * Signs Prometheus queries with AWS Signature Version 4 for Amazon Managed Prometheus (service {@code aps}), with the
 * credentials of the operator's AWS default chain (environment, system properties, web identity/IRSA, profile files,
 * container and instance metadata), a named profile, or a role assumed through STS. Credential providers are kept
 * per (region, profile, role), so assumed-role credentials are refreshed by the SDK rather than fetched per query.
 * Thread-safe; {@link #close()} releases the STS clients.
 */
final class SigV4Signing implements AutoCloseable {
  /** The signing name of Amazon Managed Prometheus' query API. */
  static final String SERVICE = "aps";
  private static final int MAX_PROVIDERS = 32;

  /** Why a request could not be signed; the message never holds a credential. */
  static final class SigningException extends Exception {
    SigningException(String message) {
      super(message, null, false, false);
    }
  }

  private record Key(String region, String profile, String roleArn) {
  }

  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
  private final Map<Key, AwsCredentialsProvider> providers = new LinkedHashMap<>(8, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Key, AwsCredentialsProvider> eldest) {
      if (size() > MAX_PROVIDERS) {
        closeQuietly(eldest.getValue());
        return true;
      }
      return false;
    }
  };

  /** {@code request} with the SigV4 headers added; its body (a form) is read to sign it. */
  Request sign(Request request, PrometheusMetric.Sigv4 spec) throws SigningException {
    String region = region(spec);
    AwsCredentials credentials;
    try {
      credentials = provider(new Key(region, blankToNull(spec.profile), blankToNull(spec.roleArn)))
          .resolveCredentials();
    } catch (SdkException e) {
      throw new SigningException("sigv4: no AWS credentials" + (spec.roleArn == null ? "" : " for role "
          + spec.roleArn) + ": " + firstLine(e.getMessage()));
    }
    byte[] body = body(request.body());
    SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder()
        .method(SdkHttpMethod.fromValue(request.method()))
        .uri(request.url().uri());
    request.headers().forEach(header -> unsigned.appendHeader(header.getFirst(), header.getSecond()));
    if (request.body() != null && request.body().contentType() != null) {
      unsigned.putHeader("Content-Type", request.body().contentType().toString());
    }
    SignedRequest signed = signer.sign(r -> r
        .identity(credentials)
        .request(unsigned.build())
        .payload(ContentStreamProvider.fromByteArray(body))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SERVICE)
        .putProperty(AwsV4HttpSigner.REGION_NAME, region));
    Request.Builder out = request.newBuilder();
    // OkHttp writes Host itself, from the same URL the signer read it from.
    signed.request().headers().forEach((name, values) -> {
      if (!name.equalsIgnoreCase("Host") && !values.isEmpty()) {
        out.header(name, values.get(0));
      }
    });
    return out.build();
  }

  private static String region(PrometheusMetric.Sigv4 spec) throws SigningException {
    if (spec.region != null && !spec.region.isBlank()) {
      return spec.region;
    }
    try {
      return new DefaultAwsRegionProviderChain().getRegion().id();
    } catch (SdkException e) {
      throw new SigningException("sigv4.region is not set and the operator has no AWS region (AWS_REGION)");
    }
  }

  private synchronized AwsCredentialsProvider provider(Key key) {
    AwsCredentialsProvider provider = providers.get(key);
    if (provider == null) {
      AwsCredentialsProvider chain = key.profile() == null
          ? DefaultCredentialsProvider.builder().build()
          : DefaultCredentialsProvider.builder().profileName(key.profile()).build();
      provider = key.roleArn() == null ? chain : assumeRole(key, chain);
      providers.put(key, provider);
    }
    return provider;
  }

  private static AwsCredentialsProvider assumeRole(Key key, AwsCredentialsProvider chain) {
    StsClient sts = StsClient.builder()
        .region(Region.of(key.region()))
        .credentialsProvider(chain)
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
    return StsAssumeRoleCredentialsProvider.builder()
        .stsClient(sts)
        .refreshRequest(r -> r.roleArn(key.roleArn()).roleSessionName("sluice-analysis"))
        .build();
  }

  private static byte[] body(RequestBody body) throws SigningException {
    if (body == null) {
      return new byte[0];
    }
    try (Buffer buffer = new Buffer()) {
      body.writeTo(buffer);
      return buffer.readByteArray();
    } catch (IOException e) {
      throw new SigningException("sigv4: cannot read the request to sign it: " + e.getMessage());
    }
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text;
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    String line = text.lines().findFirst().orElse("");
    return PrometheusResponses.snippet(line);
  }

  private static void closeQuietly(AwsCredentialsProvider provider) {
    if (provider instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        // Releasing an STS client: nothing to do about a failure.
      }
    }
  }

  @Override
  public synchronized void close() {
    providers.values().forEach(SigV4Signing::closeQuietly);
    providers.clear();
  }

}
