package org.spladespark.jobs.notebook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.spladespark.errors.SpladeException;

/**
 * A Databricks SQL notebook in source format: a first line {@code -- Databricks notebook source},
 * cells separated by {@code -- COMMAND ----------} lines, markdown cells whose lines all start with
 * {@code -- MAGIC} (the first being {@code -- MAGIC %md}).
 *
 * <p>Parameters are Databricks widgets: {@code CREATE WIDGET TEXT name DEFAULT 'value'} declares
 * one and {@code ${name}} uses it, which Databricks substitutes from the widget. Locally {@link
 * #widgets()} gives the defaults and {@link #substitute} does the same textual substitution.
 *
 * @param name the file name, for messages
 */
public record Notebook(String name, List<Cell> cells) {
  public static final String HEADER = "-- Databricks notebook source";
  static final String SEPARATOR = "-- COMMAND ----------";
  private static final Pattern WIDGET =
      Pattern.compile(
          "(?is)^\\s*CREATE\\s+WIDGET\\s+(?:TEXT|DROPDOWN|COMBOBOX|MULTISELECT)\\s+(\\w+)\\s+DEFAULT\\s+'([^']*)'.*");
  private static final Pattern PARAM = Pattern.compile("\\$\\{(\\w+)}");

  /** One cell: markdown text (MAGIC prefixes removed) or SQL. */
  public record Cell(int number, boolean markdown, String text) {}

  public Notebook {
    cells = List.copyOf(cells);
  }

  /** Parses notebook source. */
  public static Notebook parse(String name, String source) {
    String[] lines = source.replace("\r\n", "\n").split("\n", -1);
    if (lines.length == 0 || !lines[0].strip().equals(HEADER)) {
      throw SpladeException.of(
          name,
          "does not start with '" + HEADER + "'",
          "export the notebook in Databricks source format");
    }
    List<Cell> cells = new ArrayList<>();
    List<String> current = new ArrayList<>();
    for (int i = 1; i <= lines.length; i++) {
      if (i == lines.length || lines[i].strip().equals(SEPARATOR)) {
        Cell c = cell(name, cells.size() + 1, current);
        if (c != null) {
          cells.add(c);
        }
        current.clear();
      } else {
        current.add(lines[i]);
      }
    }
    return new Notebook(name, cells);
  }

  private static Cell cell(String name, int number, List<String> lines) {
    String text = String.join("\n", lines).strip();
    if (text.isEmpty()) {
      return null;
    }
    if (!text.startsWith("-- MAGIC")) {
      return new Cell(number, false, text);
    }
    StringBuilder md = new StringBuilder();
    boolean first = true;
    for (String l : text.split("\n")) {
      if (!l.startsWith("-- MAGIC")) {
        throw SpladeException.of(
            name + " cell " + number,
            "mixes MAGIC lines and SQL",
            "put every line of a markdown cell after '-- MAGIC '");
      }
      String body = l.length() > 8 ? l.substring(l.charAt(8) == ' ' ? 9 : 8) : "";
      if (first) {
        if (!body.strip().equals("%md")) {
          throw SpladeException.of(
              name + " cell " + number,
              "is a MAGIC cell of kind '" + body.strip() + "'; only %md is supported",
              "write the cell in SQL or as %md markdown");
        }
        first = false;
        continue;
      }
      md.append(body).append('\n');
    }
    return new Cell(number, true, md.toString().strip());
  }

  /** The widgets declared by {@code CREATE WIDGET} statements, name → default, in order. */
  public Map<String, String> widgets() {
    Map<String, String> w = new LinkedHashMap<>();
    for (Cell c : cells) {
      if (!c.markdown()) {
        for (String s : statements(c.text())) {
          Matcher m = WIDGET.matcher(withoutLeadingComments(s));
          if (m.matches()) {
            w.put(m.group(1), m.group(2));
          }
        }
      }
    }
    return w;
  }

  /** True for a {@code CREATE WIDGET} statement (Databricks-only; the runner skips it). */
  public static boolean isWidget(String statement) {
    return WIDGET.matcher(withoutLeadingComments(statement)).matches();
  }

  private static String withoutLeadingComments(String statement) {
    String s = statement.strip();
    while (s.startsWith("--")) {
      int nl = s.indexOf('\n');
      s = nl < 0 ? "" : s.substring(nl + 1).strip();
    }
    return s;
  }

  /** Replaces every {@code ${name}} by its value; an unknown name is a user error. */
  public String substitute(int cell, String sql, Map<String, String> params) {
    Matcher m = PARAM.matcher(sql);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String v = params.get(m.group(1));
      if (v == null) {
        throw SpladeException.of(
            name + " cell " + cell,
            "uses ${" + m.group(1) + "} but no widget or parameter of that name exists",
            "declare it with CREATE WIDGET TEXT "
                + m.group(1)
                + " DEFAULT '…' or pass --param "
                + m.group(1)
                + "=VALUE");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(v));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * Splits SQL text into statements at {@code ;} outside quotes, backticks and comments; blank
   * statements and comment-only statements are dropped.
   */
  public static List<String> statements(String sql) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean hasCode = false;
    char quote = 0;
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (quote != 0) {
        cur.append(c);
        if (c == '\\' && quote != '`' && i + 1 < sql.length()) {
          cur.append(sql.charAt(++i));
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
        int end = sql.indexOf('\n', i);
        end = end < 0 ? sql.length() : end;
        cur.append(sql, i, end);
        i = end - 1;
      } else if (c == ';') {
        if (hasCode) {
          out.add(cur.toString().strip());
        }
        cur.setLength(0);
        hasCode = false;
      } else {
        if (c == '\'' || c == '"' || c == '`') {
          quote = c;
        }
        if (!Character.isWhitespace(c)) {
          hasCode = true;
        }
        cur.append(c);
      }
    }
    if (hasCode) {
      out.add(cur.toString().strip());
    }
    return out;
  }
}
