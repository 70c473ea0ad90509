package org.spladespark.jobs.spark;

import java.io.PrintStream;
import java.util.function.IntSupplier;
import org.spladespark.errors.SpladeException;

/**
 * How the CLI commands report a failure: a {@link SpladeException} — also one that a Spark task
 * failure wraps — is the user's to fix and is printed as one line, not a stack trace; anything else
 * propagates.
 */
public final class Commands {
  private Commands() {}

  /** The SpladeException behind {@code e}, also when a Spark task failure wraps it; or null. */
  public static SpladeException spladeCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SpladeException se) {
        return se;
      }
    }
    return null;
  }

  /**
   * Runs {@code body}, returning its exit code; a SpladeException is printed to {@code err} as
   * {@code splade <command>: <message>} and gives exit code 1.
   */
  public static int run(String command, PrintStream err, IntSupplier body) {
    try {
      return body.getAsInt();
    } catch (RuntimeException e) {
      SpladeException se = spladeCause(e);
      if (se == null) {
        throw e;
      }
      err.println("splade " + command + ": " + se.getMessage());
      return 1;
    }
  }
}
