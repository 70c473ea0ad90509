package org.spladespark.runtime;

/**
 * Keeps DJL and ONNX Runtime off the network. DJL's tokenizer library otherwise probes the EC2
 * metadata address (169.254.169.254) and sends telemetry; it reads the switches below from the
 * environment <em>or</em> system properties, so setting the properties here, before any DJL class
 * is loaded, covers JVMs started without the environment variables (spark-shell, notebooks,
 * executors of a cluster that forgot {@code spark.executorEnv.*}).
 *
 * <p>ONNX Runtime telemetry is disabled per environment in {@code OrtSessions}; the launchers also
 * export {@code ORT_DISABLE_TELEMETRY=1}.
 *
 * <p>Idempotent and thread-safe.
 */
public final class Offline {
  /** System properties set by {@link #ensure()}, in {@code name=value} pairs. */
  public static final String[][] PROPERTIES = {
    {"ai.djl.offline", "true"},
    {"offline", "true"},
    {"DJL_OFFLINE", "true"},
    {"OPT_OUT_TRACKING", "true"},
  };

  private static volatile boolean done;

  private Offline() {}

  /** Sets the offline/no-tracking system properties unless the user set them already. */
  public static void ensure() {
    if (done) {
      return;
    }
    synchronized (Offline.class) {
      for (String[] kv : PROPERTIES) {
        if (System.getProperty(kv[0]) == null) {
          System.setProperty(kv[0], kv[1]);
        }
      }
      done = true;
    }
  }
}
