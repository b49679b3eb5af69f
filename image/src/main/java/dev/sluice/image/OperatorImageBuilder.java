package dev.sluice.image;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Port;

/**
 * Builds the operator's image with Jib from a local base image tar into a local image tar (docker-save format):
 * no registry, no Docker daemon. The Quarkus fast-jar goes to /deployments in three layers, from the least to the
 * most often changed (dependencies, Quarkus' generated bootstrap, the application), like Quarkus' own Jib
 * extension lays it out; that extension can only push to a registry or load into a Docker daemon, neither of which
 * exists here.
 */
public final class OperatorImageBuilder {

    static final String APP_DIR = "/deployments";
    static final String USER = "185";

    private OperatorImageBuilder() {
    }

    /** Arguments: base image tar, quarkus-app directory, java path in the image, image name, output tar, cache dir. */
    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            throw new IllegalArgumentException(
                    "usage: OperatorImageBuilder BASE_TAR QUARKUS_APP_DIR IMAGE_JAVA IMAGE_NAME OUTPUT_TAR CACHE_DIR");
        }
        Path baseTar = Path.of(args[0]);
        Path quarkusApp = Path.of(args[1]);
        String java = args[2];
        String imageName = args[3];
        Path outputTar = Path.of(args[4]);
        Path cache = Path.of(args[5]);
        requireFile(baseTar, "base image tar (hack/build-image-base.sh writes it)");
        requireFile(quarkusApp.resolve("quarkus-run.jar"), "packaged operator (build the operator module first)");

        long start = System.nanoTime();
        JibContainer image = Jib.from(TarImage.at(baseTar))
                .setFileEntriesLayers(
                        layer("dependencies", quarkusApp, List.of("lib")),
                        layer("quarkus", quarkusApp, List.of("quarkus", "quarkus-run.jar")),
                        layer("application", quarkusApp, others(quarkusApp, List.of("lib", "quarkus", "quarkus-run.jar"))))
                .setUser(USER)
                .setWorkingDirectory(AbsoluteUnixPath.get(APP_DIR))
                .setEntrypoint(java,
                        "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                        "-jar", APP_DIR + "/quarkus-run.jar")
                .setProgramArguments(List.of())
                .addExposedPort(Port.tcp(8080))
                .addLabel("org.opencontainers.image.title", "sluice-operator")
                .setFormat(ImageFormat.Docker)
                .containerize(Containerizer.to(TarImage.at(outputTar).named(imageName))
                        .setBaseImageLayersCache(cache.resolve("base"))
                        .setApplicationLayersCache(cache.resolve("application"))
                        .setOfflineMode(true)
                        .setToolName("sluice-operator-image"));
        System.out.printf("%s %s -> %s (%d MB) in %d s%n", imageName, image.getDigest(), outputTar,
                Files.size(outputTar) / (1024 * 1024), (System.nanoTime() - start) / 1_000_000_000L);
    }

    private static FileEntriesLayer layer(String name, Path quarkusApp, List<String> entries) throws Exception {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(name);
        for (String entry : entries) {
            layer.addEntryRecursive(quarkusApp.resolve(entry), AbsoluteUnixPath.get(APP_DIR + "/" + entry));
        }
        return layer.build();
    }

    private static List<String> others(Path quarkusApp, List<String> taken) throws Exception {
        try (Stream<Path> children = Files.list(quarkusApp)) {
            return children.map(p -> p.getFileName().toString())
                    .filter(name -> !taken.contains(name))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    private static void requireFile(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("missing " + what + ": " + file);
        }
    }
}
