package org.spladespark.jobs.notebook;

import org.spladespark.jobs.report.HtmlTables;

/**
 * The small markdown subset used in the notebooks' {@code %md} cells: {@code #} headings, {@code -}
 * bullet lists, paragraphs separated by blank lines, {@code `code`} and {@code **bold**}. Text is
 * HTML-escaped first, so a cell cannot inject markup.
 */
public final class Markdown {
  private Markdown() {}

  public static String toHtml(String md) {
    StringBuilder h = new StringBuilder();
    boolean inList = false;
    StringBuilder para = new StringBuilder();
    for (String raw : (md + "\n").split("\n", -1)) {
      String line = raw.strip();
      boolean bullet = line.startsWith("- ") || line.startsWith("* ");
      boolean heading = line.startsWith("#");
      if (line.isEmpty() || bullet || heading) {
        if (para.length() > 0) {
          h.append("<p>").append(inline(para.toString().strip())).append("</p>\n");
          para.setLength(0);
        }
        if (!bullet && inList) {
          h.append("</ul>\n");
          inList = false;
        }
      }
      if (heading) {
        int level = 0;
        while (level < line.length() && line.charAt(level) == '#') {
          level++;
        }
        level = Math.min(level, 6);
        h.append("<h")
            .append(level)
            .append('>')
            .append(inline(line.substring(level).strip()))
            .append("</h")
            .append(level)
            .append(">\n");
      } else if (bullet) {
        if (!inList) {
          h.append("<ul>\n");
          inList = true;
        }
        h.append("<li>").append(inline(line.substring(2).strip())).append("</li>\n");
      } else if (!line.isEmpty()) {
        para.append(line).append(' ');
      }
    }
    if (inList) {
      h.append("</ul>\n");
    }
    return h.toString();
  }

  private static String inline(String text) {
    String s = HtmlTables.esc(text);
    s = s.replaceAll("`([^`]+)`", "<code>$1</code>");
    return s.replaceAll("\\*\\*([^*]+)\\*\\*", "<strong>$1</strong>");
  }
}
