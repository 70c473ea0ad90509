package org.spladespark.jobs.cli.options;

import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.encode.EnumNames;

/** How an option that names one constant of an enum is read, the same for every command. */
public final class Choices {
  private Choices() {}

  /**
   * The constant of {@code type} named {@code value} in any case; a {@link SpladeException} naming
   * {@code option} and listing the constants for another value.
   */
  public static <E extends Enum<E>> E parse(Class<E> type, String option, String value) {
    try {
      return EnumNames.parse(type, option, value);
    } catch (IllegalArgumentException e) {
      throw SpladeException.of(
          option, "is '" + value + "'", "use one of " + String.join(", ", EnumNames.names(type)));
    }
  }
}
