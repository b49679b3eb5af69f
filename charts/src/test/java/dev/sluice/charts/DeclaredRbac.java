package dev.sluice.charts;

import dev.sluice.operator.rollout.RolloutReconciler;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * What the controller needs, read from its code by reflection: every reconciler (a class with
 * {@code @ControllerConfiguration}) watches its primary resource and writes its status, plus whatever its
 * {@code @RBACRule} annotations declare.
 */
final class DeclaredRbac {
  /** Informers list and watch; reconcilers and templates get one object by name. */
  static final List<String> PRIMARY_VERBS = List.of("get", "list", "watch");
  /** StatusWriter, AnalysisRunReconciler and TemplateValidation write status with updateStatus(). */
  static final String STATUS_VERB = "update";

  private DeclaredRbac() {
  }

  static List<Class<?>> reconcilers() {
    List<Class<?>> found = new ArrayList<>();
    for (String name : classNames()) {
      try {
        Class<?> type = Class.forName(name, false, DeclaredRbac.class.getClassLoader());
        if (type.isAnnotationPresent(ControllerConfiguration.class) && Reconciler.class.isAssignableFrom(type)) {
          found.add(type);
        }
      } catch (ClassNotFoundException | LinkageError e) {
        // a class whose dependencies are not on the test classpath is not a reconciler we can inspect
      }
    }
    return found;
  }

  static Set<Grant> grants() {
    Set<Grant> grants = new TreeSet<>();
    for (Class<?> reconciler : reconcilers()) {
      Class<? extends HasMetadata> primary = primaryOf(reconciler);
      String group = HasMetadata.getGroup(primary);
      String plural = HasMetadata.getPlural(primary);
      PRIMARY_VERBS.forEach(verb -> grants.add(new Grant(group, plural, verb)));
      grants.add(new Grant(group, plural + "/status", STATUS_VERB));
      for (RBACRule rule : reconciler.getAnnotationsByType(RBACRule.class)) {
        for (String apiGroup : rule.apiGroups()) {
          for (String resource : rule.resources()) {
            for (String verb : rule.verbs()) {
              grants.add(new Grant(apiGroup, resource, verb));
            }
          }
        }
      }
    }
    return grants;
  }

  @SuppressWarnings("unchecked")
  private static Class<? extends HasMetadata> primaryOf(Class<?> reconciler) {
    for (Type type : reconciler.getGenericInterfaces()) {
      if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == Reconciler.class) {
        return (Class<? extends HasMetadata>) parameterized.getActualTypeArguments()[0];
      }
    }
    throw new IllegalStateException(reconciler + " does not implement Reconciler<T> directly");
  }

  /** Every class in the operator's classes directory or jar. */
  private static List<String> classNames() {
    try {
      Path location = Path.of(RolloutReconciler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isDirectory(location)) {
        try (Stream<Path> files = Files.walk(location)) {
          return files.filter(f -> f.toString().endsWith(".class"))
              .map(f -> toClassName(location.relativize(f).toString())).toList();
        }
      }
      try (JarFile jar = new JarFile(location.toFile())) {
        return jar.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class")).map(DeclaredRbac::toClassName).toList();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String toClassName(String path) {
    return path.substring(0, path.length() - ".class".length()).replace('/', '.').replace('\\', '.');
  }

  /** One verb on one resource of one API group: rules compare as sets of these, however they are grouped. */
  record Grant(String apiGroup, String resource, String verb) implements Comparable<Grant> {
    @Override
    public int compareTo(Grant other) {
      return toString().compareTo(other.toString());
    }

    @Override
    public String toString() {
      return (apiGroup.isEmpty() ? "core" : apiGroup) + "/" + resource + ":" + verb;
    }
  }
}
