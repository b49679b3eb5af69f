package dev.sluice.kubectl.commands;

import dev.sluice.kubectl.cli.Context;
import dev.sluice.kubectl.cli.ErrorReporter;
import dev.sluice.kubectl.cli.KubeOptions;
import dev.sluice.kubectl.cli.OutputFormat;
import dev.sluice.kubectl.cli.OutputOptions;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * `get rollout NAME` without picocli, the command people run most. picocli's ~175 classes are of class-file version
 * 49, which neither AppCDS nor the AOT cache archives: loading and verifying them, then building the command model
 * by reflection, costs a run ~0.3 s of CPU without C2 (`version --client` 456 ms against 130 ms for an empty main
 * with the same archive). This reads only the plain form: `get rollout|rollouts|ro|sro NAME` with the connection
 * flags (-n/--namespace, --context, --kubeconfig) before `get` or after the type and -o/--output after the type,
 * each once, as `--flag value` or `--flag=value`. Anything else (-w, --timeout, help, a typo, a repeated flag, an
 * argument file, `--`, an unknown -o value) is left to picocli, so its parsing, help and messages are unchanged.
 */
public final class DirectGetRollout {
  private static final List<String> TYPES = List.of("rollout", "rollouts", "ro", "sro");
  private static final Set<String> KUBE_FLAGS = Set.of("-n", "--namespace", "--context", "--kubeconfig");
  private static final Set<String> OUTPUT_FLAGS = Set.of("-o", "--output");

  private DirectGetRollout() {
  }

  /** Runs the command when the arguments are in the plain form, returning its exit code; empty otherwise. */
  public static Optional<Integer> run(Context context, String... args) {
    Optional<GetRolloutCommand> command = parse(context, args);
    if (command.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(command.get().call());
    } catch (Exception e) {
      return Optional.of(new ErrorReporter(context).report(e));
    }
  }

  static Optional<GetRolloutCommand> parse(Context context, String... args) {
    GetRolloutCommand command = new GetRolloutCommand(context);
    command.kube = context.kubeOptions();
    command.output = new OutputOptions();
    command.timeout = Duration.ZERO;
    Set<String> given = new HashSet<>();
    String namespace = null;
    String kubeContext = null;
    String kubeconfig = null;
    // words: 0 before `get`, 1 after `get`, 2 after the type, 3 after the name
    int words = 0;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("-")) {
        if (arg.startsWith("@") || words == 3 || words == 0 && !arg.equals("get") || words == 1 && !TYPES.contains(arg)) {
          return Optional.empty();
        }
        if (words == 2) {
          command.name = arg;
        }
        words++;
        continue;
      }
      int equals = arg.indexOf('=');
      String flag = equals > 0 && arg.startsWith("--") ? arg.substring(0, equals) : arg;
      boolean kubeFlag = KUBE_FLAGS.contains(flag) && words != 1;
      boolean outputFlag = OUTPUT_FLAGS.contains(flag) && words >= 2;
      if (!kubeFlag && !outputFlag || !given.add(canonical(flag))) {
        return Optional.empty();
      }
      String value;
      if (flag.length() < arg.length()) {
        value = arg.substring(equals + 1);
      } else if (i + 1 < args.length && !args[i + 1].startsWith("-")) {
        value = args[++i];
      } else {
        return Optional.empty();
      }
      switch (canonical(flag)) {
        case "--namespace" -> namespace = value;
        case "--context" -> kubeContext = value;
        case "--kubeconfig" -> kubeconfig = value;
        default -> {
          Optional<OutputFormat> format = format(value);
          if (format.isEmpty()) {
            return Optional.empty();
          }
          command.output.format = format.get();
        }
      }
    }
    if (words != 3) {
      return Optional.empty();
    }
    KubeOptions kube = context.kubeOptions();
    kube.namespace(namespace);
    kube.context(kubeContext);
    kube.kubeconfig(kubeconfig);
    return Optional.of(command);
  }

  private static String canonical(String flag) {
    return switch (flag) {
      case "-n" -> "--namespace";
      case "-o" -> "--output";
      default -> flag;
    };
  }

  private static Optional<OutputFormat> format(String value) {
    for (OutputFormat format : OutputFormat.values()) {
      if (format.name().equals(value.toLowerCase(Locale.ROOT))) {
        return Optional.of(format);
      }
    }
    return Optional.empty();
  }
}
