package org.spladespark.jobs.report;

import java.util.List;

/** HTML escaping and {@link Table} rendering shared by the report and the notebook runner. */
public final class HtmlTables {
  private HtmlTables() {}

  /** Escapes text for HTML content and double-quoted attributes. */
  public static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  /** Appends {@code t} as a table whose cells carry their column: {@code <td data-col="c">}. */
  public static void table(StringBuilder h, Table t) {
    h.append("<table><tr>");
    for (String c : t.columns()) {
      h.append("<th>").append(esc(c)).append("</th>");
    }
    h.append("</tr>\n");
    for (List<Object> r : t.rows()) {
      h.append("<tr>");
      for (int i = 0; i < r.size(); i++) {
        h.append("<td data-col=\"")
            .append(esc(t.columns().get(i)))
            .append("\">")
            .append(esc(HtmlReport.format(r.get(i))))
            .append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</table>\n");
  }
}
