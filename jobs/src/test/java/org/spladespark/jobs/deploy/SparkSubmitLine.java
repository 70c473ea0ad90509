package org.spladespark.jobs.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A spark-submit command line split the way spark-submit reads it: options (with {@code --conf k=v}
 * and the named options folded into one settings map), the main class, the application jar and the
 * application's own arguments.
 *
 * @param conf settings in command-line order; later ones win, as in spark-submit
 * @param mainClass the {@code --class} value, or null
 * @param jar the primary resource
 * @param appArgs everything after the jar
 */
record SparkSubmitLine(
    Map<String, String> conf, String mainClass, String jar, List<String> appArgs) {

  /** spark-submit options that take a value, with the setting each one stands for. */
  private static final Map<String, String> VALUE_OPTIONS =
      Map.ofEntries(
          Map.entry("--master", "spark.master"),
          Map.entry("--deploy-mode", "spark.submit.deployMode"),
          Map.entry("--name", "spark.app.name"),
          Map.entry("--jars", "spark.jars"),
          Map.entry("--packages", "spark.jars.packages"),
          Map.entry("--exclude-packages", "spark.jars.excludes"),
          Map.entry("--repositories", "spark.jars.repositories"),
          Map.entry("--py-files", "spark.submit.pyFiles"),
          Map.entry("--files", "spark.files"),
          Map.entry("--archives", "spark.archives"),
          Map.entry("--properties-file", "spark-submit.propertiesFile"),
          Map.entry("--driver-memory", "spark.driver.memory"),
          Map.entry("--driver-java-options", "spark.driver.extraJavaOptions"),
          Map.entry("--driver-library-path", "spark.driver.extraLibraryPath"),
          Map.entry("--driver-class-path", "spark.driver.extraClassPath"),
          Map.entry("--driver-cores", "spark.driver.cores"),
          Map.entry("--executor-memory", "spark.executor.memory"),
          Map.entry("--executor-cores", "spark.executor.cores"),
          Map.entry("--num-executors", "spark.executor.instances"),
          Map.entry("--total-executor-cores", "spark.cores.max"),
          Map.entry("--proxy-user", "spark-submit.proxyUser"),
          Map.entry("--principal", "spark.kerberos.principal"),
          Map.entry("--keytab", "spark.kerberos.keytab"),
          Map.entry("--queue", "spark.yarn.queue"));

  /**
   * Parses the arguments after the spark-submit executable.
   *
   * @throws IllegalArgumentException naming the argument, for an unknown option, an option without
   *     its value, a {@code --conf} without {@code =}, or a line without an application jar
   */
  static SparkSubmitLine parse(List<String> argv) {
    Map<String, String> conf = new LinkedHashMap<>();
    String mainClass = null;
    int i = 0;
    while (i < argv.size() && argv.get(i).startsWith("-")) {
      String opt = argv.get(i);
      if (opt.equals("--verbose") || opt.equals("-v") || opt.equals("--supervise")) {
        i++;
        continue;
      }
      boolean known = opt.equals("--conf") || opt.equals("-c") || opt.equals("--class");
      if (!known && !VALUE_OPTIONS.containsKey(opt)) {
        throw new IllegalArgumentException("unknown spark-submit option " + opt);
      }
      if (i + 1 >= argv.size()) {
        throw new IllegalArgumentException("spark-submit option " + opt + " has no value");
      }
      String value = argv.get(i + 1);
      if (opt.equals("--conf") || opt.equals("-c")) {
        int eq = value.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("--conf " + value + " is not of the form key=value");
        }
        conf.put(value.substring(0, eq), value.substring(eq + 1));
      } else if (opt.equals("--class")) {
        mainClass = value;
      } else {
        conf.put(VALUE_OPTIONS.get(opt), value);
      }
      i += 2;
    }
    if (i >= argv.size()) {
      throw new IllegalArgumentException("spark-submit line has no application jar: " + argv);
    }
    return new SparkSubmitLine(
        conf, mainClass, argv.get(i), new ArrayList<>(argv.subList(i + 1, argv.size())));
  }
}
