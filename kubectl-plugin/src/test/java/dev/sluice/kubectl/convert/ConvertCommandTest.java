package dev.sluice.kubectl.convert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.kubectl.CliRunner;
import dev.sluice.kubectl.CliRunner.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `kubectl sluice convert` as a migrating user runs it on Argo Rollouts' own files. */
class ConvertCommandTest {
  static final Path ARGO = ArgoConverterTest.ARGO;

  @Test
  void aFileSluiceRunsWhollyGoesToStdoutConvertedAndExitsZero() throws Exception {
    Path file = ARGO.resolve("rollout-bluegreen.yaml");

    Result result = new CliRunner().run("convert", "-f", file.toString());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).isEqualTo(Files.readString(file).replace("apiVersion: argoproj.io/v1alpha1",
        "apiVersion: sluice.dev/v1alpha1"));
    assertThat(result.err()).isEqualTo("convert: 1 file, 1 Argo Rollouts document converted, everything carried over\n");
  }

  @Test
  void whatSluiceRefusesIsListedWithItsInputLineAndKeptInTheOutput() throws Exception {
    Path file = ARGO.resolve("rollout-experiment-step.yaml");
    List<String> input = Files.readAllLines(file);

    Result result = new CliRunner().run("convert", "-f", file.toString());

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    assertThat(result.out()).contains("      - experiment:\n", "    maxFailures: 1\n");
    List<String> problems = result.err().lines().filter(l -> l.startsWith(file + ":")).toList();
    assertThat(problems).as(result.toString()).anySatisfy(p -> assertThat(p).startsWith(file + ":"
        + (input.indexOf("      - experiment:") + 1) + ": spec.strategy.canary.steps[1].experiment: "));
    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(file + ":" + (input.indexOf("    maxFailures: 1") + 1)
        + ": spec.metrics[0].maxFailures: "));
    assertThat(result.err()).endsWith("convert: 1 file, 2 Argo Rollouts documents converted, " + problems.size()
        + " things not carried over (listed above; fix or remove them before applying)\n");
  }

  @Test
  void servicesAndIngressesAreUntouchedAndNginxRoutingIsCarriedOver() throws Exception {
    Path file = ARGO.resolve("nginx-template.yaml");
    String argo = Files.readString(file);
    List<String> input = argo.lines().toList();

    Result result = new CliRunner().run("convert", "-f", file.toString());

    assertThat(ArgoConverterTest.changedLines(argo, result.out())).containsExactly(
        (input.indexOf("apiVersion: argoproj.io/v1alpha1") + 1) + ": apiVersion: argoproj.io/v1alpha1 -> apiVersion: sluice.dev/v1alpha1");
    assertThat(result.out()).contains("        nginx:\n");
    assertThat(result.err()).doesNotContain("trafficRouting.nginx");
  }

  @Test
  void anUnknownRouterIsNamed(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("contour.yaml");
    String argo = """
        apiVersion: argoproj.io/v1alpha1
        kind: Rollout
        metadata: {name: web}
        spec:
          replicas: 2
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec: {containers: [{name: web, image: "nginx:1.27"}]}
          strategy:
            canary:
              canaryService: web-canary
              stableService: web-stable
              trafficRouting:
                plugins:
                  argoproj-labs/contour:
                    httpProxies: [web]
              steps:
              - setWeight: 20
        """;
    Files.writeString(file, argo);

    Result result = new CliRunner().run("convert", "-f", file.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains(file + ":" + (argo.lines().toList().indexOf("        plugins:") + 1)
        + ": spec.strategy.canary.trafficRouting.plugins: ");
  }

  @Test
  void anAutoscalerOfArgosRolloutIsLeftAsItIsAndNamed(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("hpa.yaml");
    String hpa = """
        # as Argo Rollouts' HPA docs write it
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata:
          name: web
        spec:
          scaleTargetRef:
            apiVersion: argoproj.io/v1alpha1
            kind: Rollout
            name: web
          minReplicas: 2
          maxReplicas: 6
        """;
    Files.writeString(file, hpa);

    Result result = new CliRunner().run("convert", "-f", file.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).isEqualTo(hpa);
    assertThat(result.err()).startsWith(file + ":8: spec.scaleTargetRef.apiVersion: HorizontalPodAutoscaler/web still "
        + "scales Argo Rollouts' Rollout");
  }

  @Test
  void aDirectoryIsWrittenAsANewTreeUnderOutputDir(@TempDir Path tmp) throws Exception {
    Path in = tmp.resolve("app");
    Files.createDirectories(in.resolve("base"));
    Files.copy(ARGO.resolve("rollout-bluegreen.yaml"), in.resolve("base/rollout.yaml"));
    Files.writeString(in.resolve("service.yaml"), "apiVersion: v1\nkind: Service\nmetadata: {name: s}  # mine\n");
    Path out = tmp.resolve("converted");

    Result result = new CliRunner().run("convert", "-f", in.toString(), "-o", out.toString());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).isEmpty();
    assertThat(Files.readString(out.resolve("base/rollout.yaml"))).startsWith("# This example")
        .contains("\napiVersion: sluice.dev/v1alpha1\n");
    assertThat(Files.readString(out.resolve("service.yaml"))).isEqualTo(Files.readString(in.resolve("service.yaml")));
    Result lint = new CliRunner().run("lint", "-f", out.toString());
    assertThat(lint.exitCode()).as(lint.toString()).isZero();
  }

  @Test
  void outputDirMayBeTheInputDirectory(@TempDir Path tmp) throws Exception {
    Path argo = tmp.resolve("rollout.yaml");
    Files.copy(ARGO.resolve("rollout-bluegreen.yaml"), argo);

    Result result = new CliRunner().run("convert", "-f", tmp.toString(), "-o", tmp.toString());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(Files.readString(argo)).isEqualTo(Files.readString(ARGO.resolve("rollout-bluegreen.yaml"))
        .replace("apiVersion: argoproj.io/v1alpha1", "apiVersion: sluice.dev/v1alpha1"));
  }

  @Test
  void stdinToStdoutAndSeveralFilesMakeOneStream() throws Exception {
    Result stdin = new CliRunner().stdin("apiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nmetadata: {name: x}\n"
        + "spec: {metrics: [{name: m, successCondition: 'true', provider: {prometheus: {address: 'http://p', query: up}}}]}\n")
        .run("convert", "-f", "-");
    assertThat(stdin.exitCode()).as(stdin.toString()).isZero();
    assertThat(stdin.out()).startsWith("apiVersion: sluice.dev/v1alpha1\nkind: AnalysisTemplate\n");

    Result two = new CliRunner().run("convert", "-f", ARGO.resolve("rollout-bluegreen.yaml").toString(),
        ARGO.resolve("nginx-template.yaml").toString());
    assertThat(two.out()).contains("    targetPort: 8080\n---\napiVersion: v1\nkind: Service\n");
  }

  @Test
  void helpAndUsageErrors(@TempDir Path tmp) {
    Result help = new CliRunner().run("convert", "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("Usage: kubectl sluice convert", "--output-dir");

    assertThat(new CliRunner().run("convert").exitCode()).isEqualTo(64);
    Result stdinToDir = new CliRunner().run("convert", "-f", "-", "-o", tmp.toString());
    assertThat(stdinToDir.exitCode()).isEqualTo(64);
    assertThat(stdinToDir.err()).contains("error: -o DIR cannot name a file for stdin");
  }

  @Test
  void invalidYamlIsReportedAndNotWritten(@TempDir Path tmp) throws Exception {
    Path bad = tmp.resolve("bad.yaml");
    Files.writeString(bad, "apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nspec: [unclosed\n");

    Result result = new CliRunner().run("convert", "-f", bad.toString(), "-o", tmp.resolve("out").toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains(bad + ":").contains("invalid YAML, not converted");
    assertThat(tmp.resolve("out/bad.yaml")).doesNotExist();
  }
}
