package dev.sluice.analysis.provider;

/** The AnalysisRun a measurement is for: what a provider needs to name, label and own what it creates. */
public record AnalysisRunRef(String namespace, String name, String uid) {
}
