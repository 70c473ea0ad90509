package org.spladespark.jobs.cli.options;

import java.util.Locale;
import org.spladespark.errors.SpladeException;

/** How an option that names one constant of an enum is read, the same for every command. */
public final class Choices {
  private Choices() {}

  /**
   * The constant of {@code type} named {@code value} in any case; a {@link SpladeException} naming
   * {@code option} and listing the constants for another value.
   */
  public static <E extends Enum<E>> E parse(Class<E> type, String option, String value) {
    try {
      return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      StringBuilder valid = new StringBuilder();
      for (E c : type.getEnumConstants()) {
        valid.append(valid.length() == 0 ? "" : ", ").append(c.name().toLowerCase(Locale.ROOT));
      }
      throw SpladeException.of(option, "is '" + value + "'", "use one of " + valid);
    }
  }
}
