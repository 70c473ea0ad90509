package org.spladespark.jobs.cli.options;

import org.spladespark.jobs.spark.CommandSession;
import picocli.CommandLine.Option;

/** {@code --master}: where a command's Spark session runs ({@link CommandSession}). */
public final class MasterOption {
  @Option(
      names = "--master",
      paramLabel = "URL",
      description = "Spark master (default: local[*], or the cluster's under spark-submit).")
  String master;

  /** The option; null = local[*], or the cluster's under spark-submit. */
  public String master() {
    return master;
  }

  /** The command's session, without a warehouse folder. */
  public CommandSession session(String appName) {
    return CommandSession.start(appName, master, null);
  }

  /** The command's session with a local warehouse folder (used only by a session it starts). */
  public CommandSession session(String appName, String warehouse) {
    return CommandSession.start(appName, master, warehouse);
  }
}
