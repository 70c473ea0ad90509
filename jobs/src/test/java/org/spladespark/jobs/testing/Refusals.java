package org.spladespark.jobs.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Consumer;
import org.spladespark.errors.SpladeException;

/** A command's refusal of bad arguments: a SpladeException naming the option and the problem. */
public final class Refusals {
  private Refusals() {}

  /**
   * Parses {@code args} (split on blanks) with {@code parse}, which must throw a SpladeException.
   *
   * @param subject the exact subject, or null not to check it
   * @param problem a fragment of the problem, or null not to check it
   */
  public static SpladeException assertRefused(
      Consumer<String[]> parse, String args, String subject, String problem) {
    String[] argv = args.isBlank() ? new String[0] : args.trim().split("\\s+");
    SpladeException e = assertThrows(SpladeException.class, () -> parse.accept(argv));
    if (subject != null) {
      assertEquals(subject, e.subject(), e.getMessage());
    }
    if (problem != null) {
      assertTrue(e.problem().contains(problem), e.getMessage());
    }
    return e;
  }
}
