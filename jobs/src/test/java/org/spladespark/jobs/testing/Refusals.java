package org.spladespark.jobs.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.spladespark.errors.SpladeException;

/** A command's refusal of bad arguments: a SpladeException naming the option and the problem. */
public final class Refusals {
  private Refusals() {}

  /**
   * One test per row of {@code table}: {@code args | subject | problem}, where args are split on
   * blanks and {@code -} leaves the subject or problem unchecked (see {@link #assertRefused}).
   */
  public static Stream<DynamicTest> of(Consumer<String[]> parse, String table) {
    return table
        .lines()
        .filter(line -> !line.isBlank())
        .map(
            line -> {
              String[] cells = line.split("\\|", -1);
              if (cells.length != 3) {
                throw new IllegalArgumentException("not args | subject | problem: " + line);
              }
              String args = cells[0].trim();
              String subject = orNull(cells[1].trim());
              String problem = orNull(cells[2].trim());
              return DynamicTest.dynamicTest(
                  args, () -> assertRefused(parse, args, subject, problem));
            });
  }

  private static String orNull(String cell) {
    return cell.equals("-") ? null : cell;
  }

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
