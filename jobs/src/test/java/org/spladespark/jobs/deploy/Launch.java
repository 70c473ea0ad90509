package org.spladespark.jobs.deploy;

import java.util.List;
import java.util.Map;

/**
 * One way a deploy file starts the splade CLI, reduced to what the jobs rely on.
 *
 * @param where the file (and variant) it came from, for messages
 * @param target the cluster manager, which decides where driver and executor environments come from
 * @param mainClass the class spark-submit (or the platform) runs
 * @param jar the application jar as the file names it
 * @param conf Spark settings, including those given as spark-submit options (e.g. {@code
 *     --executor-cores} as {@code spark.executor.cores})
 * @param submitterEnv environment of the process that runs spark-submit, or null where the file
 *     does not start that process itself (Spark operator, Airflow, Databricks)
 * @param driverEnv environment the driver JVM gets
 * @param executorEnv environment the executor JVMs get
 * @param args the splade command line: subcommand first
 */
record Launch(
    String where,
    Target target,
    String mainClass,
    String jar,
    Map<String, String> conf,
    Map<String, String> submitterEnv,
    Map<String, String> driverEnv,
    Map<String, String> executorEnv,
    List<String> args) {

  /** Cluster managers the deploy files target. */
  enum Target {
    LOCAL,
    STANDALONE,
    YARN,
    KUBERNETES,
    DATABRICKS
  }

  /** The settings under a prefix, prefix removed (e.g. {@code spark.executorEnv.}). */
  static Map<String, String> withPrefix(Map<String, String> conf, String prefix) {
    Map<String, String> out = new java.util.TreeMap<>();
    conf.forEach(
        (k, v) -> {
          if (k.startsWith(prefix)) {
            out.put(k.substring(prefix.length()), v);
          }
        });
    return out;
  }
}
