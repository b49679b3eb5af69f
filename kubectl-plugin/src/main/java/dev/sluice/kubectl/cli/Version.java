package dev.sluice.kubectl.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The plugin's version, written into version.properties by the build. */
public final class Version implements IVersionProvider {
  public static String get() {
    try (InputStream in = Version.class.getResourceAsStream("/dev/sluice/kubectl/version.properties")) {
      Properties properties = new Properties();
      if (in != null) {
        properties.load(in);
      }
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  @Override
  public String[] getVersion() {
    return new String[] {"kubectl-sluice " + get()};
  }
}
