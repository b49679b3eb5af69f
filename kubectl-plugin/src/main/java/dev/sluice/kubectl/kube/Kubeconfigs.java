package dev.sluice.kubectl.kube;

import dev.sluice.kubectl.cli.CliException;
import dev.sluice.kubectl.cli.KubeOptions;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Finds and reads the kubeconfig the way kubectl does: --kubeconfig, else $KUBECONFIG (a path list), else ~/.kube/config. */
public final class Kubeconfigs {
  private Kubeconfigs() {
  }

  /** The fabric8 configuration for the flags and environment, failing with a user-facing message when there is none. */
  public static Config load(KubeOptions options, Map<String, String> env) {
    List<Path> candidates = files(options, env);
    List<Path> existing = candidates.stream().filter(Files::isRegularFile).toList();
    if (options.kubeconfig() != null && existing.isEmpty()) {
      throw new CliException("kubeconfig \"" + options.kubeconfig() + "\" not found");
    }
    if (existing.isEmpty()) {
      if (env.containsKey("KUBERNETES_SERVICE_HOST")) {
        return Config.autoConfigure(null);
      }
      throw new CliException("no kubeconfig: set KUBECONFIG, pass --kubeconfig, or create " + candidates.get(0));
    }
    List<io.fabric8.kubernetes.api.model.Config> models = models(existing);
    if (options.context() != null && !contextNames(models).contains(options.context())) {
      // fabric8 would quietly use the current context instead
      throw new CliException("context \"" + options.context() + "\" not found in " + describe(existing));
    }
    Config config = existing.size() == 1 ? fromKubeconfig(options.context(), models.get(0))
        : merged(existing, options.context());
    if (config.getCurrentContext() == null) {
      throw new CliException("no current context in " + describe(existing) + ": pass --context");
    }
    return config;
  }

  /** The namespace commands act in, as kubectl chooses it: the flag's, else the context's, else "default". */
  static String namespace(String flag, String context) {
    return flag != null ? flag : context != null ? context : "default";
  }

  /** What {@code Config.fromKubeconfig(context, file)} does, given the file's model (see {@link KubeconfigFile}). */
  private static Config fromKubeconfig(String context, io.fabric8.kubernetes.api.model.Config model) {
    Config config = Config.empty();
    KubeConfigUtils.merge(config, context, model);
    return config;
  }

  static List<io.fabric8.kubernetes.api.model.Config> models(List<Path> files) {
    return files.stream().map(Kubeconfigs::model).toList();
  }

  private static io.fabric8.kubernetes.api.model.Config model(Path file) {
    try {
      return KubeconfigFile.read(file);
    } catch (RuntimeException e) {
      throw new CliException("cannot read kubeconfig " + file + ": " + e.getMessage());
    }
  }

  /** fabric8 merges several files only in autoConfigure, which reads their list from a system property. */
  private static synchronized Config merged(List<Path> files, String context) {
    String previous = System.getProperty(Config.KUBERNETES_KUBECONFIG_FILE);
    System.setProperty(Config.KUBERNETES_KUBECONFIG_FILE, String.join(File.pathSeparator, files.stream().map(Path::toString).toList()));
    try {
      return Config.autoConfigure(context);
    } finally {
      if (previous == null) {
        System.clearProperty(Config.KUBERNETES_KUBECONFIG_FILE);
      } else {
        System.setProperty(Config.KUBERNETES_KUBECONFIG_FILE, previous);
      }
    }
  }

  static List<Path> files(KubeOptions options, Map<String, String> env) {
    if (options.kubeconfig() != null) {
      return List.of(Path.of(options.kubeconfig()));
    }
    String list = env.get("KUBECONFIG");
    if (list != null && !list.isBlank()) {
      return Arrays.stream(list.split(File.pathSeparator)).filter(s -> !s.isBlank()).map(Path::of).toList();
    }
    String home = env.getOrDefault("HOME", System.getProperty("user.home"));
    return List.of(Path.of(home, ".kube", "config"));
  }

  /** The context names of all files. */
  static Set<String> contextNames(List<io.fabric8.kubernetes.api.model.Config> models) {
    Set<String> names = new LinkedHashSet<>();
    for (io.fabric8.kubernetes.api.model.Config model : models) {
      if (model != null && model.getContexts() != null) {
        model.getContexts().forEach(context -> names.add(context.getName()));
      }
    }
    return names;
  }

  private static String describe(List<Path> files) {
    List<String> names = new ArrayList<>();
    files.forEach(f -> names.add(f.toString()));
    return "kubeconfig " + String.join(File.pathSeparator, names);
  }
}
