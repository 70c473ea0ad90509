package org.spladespark.jobs.report;

import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.util.List;
import java.util.Set;

/**
 * The chart font and what it can draw. The first installed family of {@link #PREFERRED} is used
 * (CJK-capable Noto fonts when present, else DejaVu Sans, which Debian's {@code fonts-dejavu-core}
 * installs, else Java's logical {@code SansSerif}). A token the font cannot draw (e.g. CJK without
 * a CJK font, which would show as boxes) is labelled by its token id instead, {@code #12345}; the
 * report's tables, rendered by the browser with its own font fallback, keep the full token.
 *
 * <p>Sizes are for charts shown at their pixel size: titles 18 pt, axis names 14 pt, tick labels 13
 * pt. Thread-safe (immutable after class initialisation).
 */
public final class ChartFonts {
  /** Families tried in order. */
  static final List<String> PREFERRED =
      List.of(
          "Noto Sans CJK SC",
          "Noto Sans CJK JP",
          "Noto Sans",
          "DejaVu Sans",
          "Liberation Sans",
          Font.SANS_SERIF);

  static final String FAMILY = pick();

  static final Font TITLE = new Font(FAMILY, Font.BOLD, 18);
  static final Font AXIS = new Font(FAMILY, Font.PLAIN, 14);
  static final Font TICK = new Font(FAMILY, Font.PLAIN, 13);

  private ChartFonts() {}

  private static String pick() {
    System.setProperty("java.awt.headless", "true");
    Set<String> installed =
        Set.of(GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames());
    for (String f : PREFERRED) {
      if (installed.contains(f)) {
        return f;
      }
    }
    return Font.SANS_SERIF;
  }

  /** Whether the tick font draws every character of {@code text}. */
  public static boolean canDisplay(String text) {
    return TICK.canDisplayUpTo(text) == -1;
  }

  /**
   * A token's chart label: the token, shortened to {@code maxChars} code points with an ellipsis
   * when longer, or {@code #id} when the font cannot draw it (or it is null).
   */
  public static String tokenLabel(String token, Object tokenId, int maxChars) {
    if (token == null || token.isEmpty() || !canDisplay(token)) {
      return "#" + tokenId;
    }
    if (token.codePointCount(0, token.length()) <= maxChars) {
      return token;
    }
    return token.substring(0, token.offsetByCodePoints(0, maxChars - 1)) + "…";
  }
}
