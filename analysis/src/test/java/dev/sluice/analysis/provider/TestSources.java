package dev.sluice.analysis.provider;

import dev.sluice.analysis.args.SecretLookup;
import dev.sluice.api.v1alpha1.Argument;
import java.util.List;

/** A measurement source over one provider, as the reconciler builds one over all of them. */
public final class TestSources {
  public static final AnalysisRunRef RUN = new AnalysisRunRef("test", "run", "00000000-0000-0000-0000-000000000001");

  private TestSources() {
  }

  public static ProviderMeasurementSource of(Provider<?> provider, List<Argument> args, SecretLookup secrets) {
    return new ProviderMeasurementSource(new Providers(List.of(provider)), RUN, args, secrets, null);
  }
}
