package org.spladespark.jobs.encode;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The lower-case names under which the job's enums ({@link InputFormat}, {@link BadRowPolicy}) are
 * written and read, in options, tables and messages.
 */
public final class EnumNames {
  private EnumNames() {}

  /** The lower-case name of {@code e}. */
  public static String of(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  /** The lower-case names of {@code type}'s constants, in declaration order. */
  public static List<String> names(Class<? extends Enum<?>> type) {
    return Arrays.stream(type.getEnumConstants()).map(EnumNames::of).toList();
  }

  /**
   * The constant of {@code type} named {@code s} in any case; an {@link IllegalArgumentException}
   * "unknown {@code what} 's' (expected a, b or c)" for another name.
   */
  public static <E extends Enum<E>> E parse(Class<E> type, String what, String s) {
    try {
      return Enum.valueOf(type, s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      List<String> names = names(type);
      String expected =
          String.join(", ", names.subList(0, names.size() - 1))
              + " or "
              + names.get(names.size() - 1);
      throw new IllegalArgumentException(
          "unknown " + what + " '" + s + "' (expected " + expected + ")", e);
    }
  }
}
