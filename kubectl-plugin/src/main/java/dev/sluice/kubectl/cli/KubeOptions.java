package dev.sluice.kubectl.cli;

import picocli.CommandLine.Option;

/**
 * kubectl's connection flags. One instance is shared by every command of an invocation (see {@link CommandFactory}),
 * so they can be given before or after the subcommand: {@code kubectl sluice -n prod get rollout web} and
 * {@code kubectl sluice get rollout web -n prod}. The setters ignore null because picocli resets a command's options
 * when it starts parsing that command, which would otherwise erase a value given to the parent.
 */
public final class KubeOptions {
  private String namespace;
  private String context;
  private String kubeconfig;

  @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE",
      description = "Namespace of the rollout (default: the context's namespace, else \"default\").")
  public void namespace(String value) {
    if (value != null) {
      namespace = value;
    }
  }

  @Option(names = "--context", paramLabel = "CONTEXT", description = "The kubeconfig context to use.")
  public void context(String value) {
    if (value != null) {
      context = value;
    }
  }

  @Option(names = "--kubeconfig", paramLabel = "FILE", description = "Path to the kubeconfig file (default: $KUBECONFIG, else ~/.kube/config).")
  public void kubeconfig(String value) {
    if (value != null) {
      kubeconfig = value;
    }
  }

  public String namespace() {
    return namespace;
  }

  public String context() {
    return context;
  }

  public String kubeconfig() {
    return kubeconfig;
  }
}
