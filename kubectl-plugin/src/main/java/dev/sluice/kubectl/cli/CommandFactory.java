package dev.sluice.kubectl.cli;

import java.lang.reflect.Constructor;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;

/** Creates commands with the invocation's {@link Context}, and hands every command the same {@link KubeOptions}. */
public final class CommandFactory implements IFactory {
  private final Context context;
  private final IFactory fallback = CommandLine.defaultFactory();

  public CommandFactory(Context context) {
    this.context = context;
  }

  @Override
  public <K> K create(Class<K> type) throws Exception {
    if (type == KubeOptions.class) {
      return type.cast(context.kubeOptions());
    }
    for (Constructor<?> constructor : type.getDeclaredConstructors()) {
      if (constructor.getParameterCount() == 1 && constructor.getParameterTypes()[0] == Context.class) {
        constructor.setAccessible(true);
        return type.cast(constructor.newInstance(context));
      }
    }
    return fallback.create(type);
  }
}
