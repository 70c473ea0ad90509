package org.spladespark.jobs.encode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.spladespark.errors.SpladeException;
import org.spladespark.schemas.Columns;
import org.spladespark.schemas.RejectedRowsTable;

/**
 * The kinds of bad input rows, as the {@code reason} of {@code rejected_rows} and the fail-fast
 * message spell them: each reason starts with one of the prefixes below, followed by details.
 *
 * <ul>
 *   <li>{@value #NOT_UTF8} — bytes that are not UTF-8 (line formats: exact byte offset)
 *   <li>{@value #INVALID_JSON} — a JSONL line that is not one JSON object
 *   <li>{@value #MALFORMED_CSV} — a CSV line with another number of fields than the header
 *   <li>{@value #WRONG_TYPE} suffix — a JSON id/title/text that is not a string (ids: or integer)
 *   <li>{@value #MISSING_ID} — id absent, null, empty or blank
 *   <li>{@value #MISSING_TEXT} — text absent or null (an empty text is a valid document)
 *   <li>{@value #DUPLICATE_ID} — every row of an id that occurs more than once but the first (by
 *       input position, file then row), which is kept; the reason names it
 *   <li>{@value #TOO_LONG} — more wordpieces than {@code --max-doc-wordpieces}
 * </ul>
 */
final class BadRows {
  static final String NOT_UTF8 = "not valid UTF-8";
  static final String INVALID_JSON = "invalid JSON";
  static final String MALFORMED_CSV = "malformed CSV record";
  static final String WRONG_TYPE = ", expected a string";
  static final String MISSING_ID = "missing id";
  static final String MISSING_TEXT = "missing text";
  static final String DUPLICATE_ID = "duplicate id";
  static final String TOO_LONG = "too long";

  /** Rows named in a fail-fast message. */
  static final int SHOWN = 5;

  private BadRows() {}

  /**
   * The fail-fast error: how many rows are bad, the first ones with their reference and reason, and
   * the fixes for the kinds shown.
   *
   * @param first rows with {@code row_ref}, {@code doc_id}, {@code problem}, in input order
   */
  static SpladeException failure(String input, long count, List<Row> first, String tables) {
    StringBuilder problem = new StringBuilder();
    problem
        .append(count)
        .append(count == 1 ? " bad row" : " bad rows")
        .append(count > first.size() ? ", the first " + first.size() : "")
        .append(':');
    Set<String> fixes = new LinkedHashSet<>();
    for (Row r : first) {
      String ref = r.getAs(RejectedRowsTable.ROW_REF);
      String id = r.getAs(Columns.DOC_ID);
      String reason = r.getAs(SourceRows.PROBLEM);
      problem.append("\n  ").append(describe(ref, id)).append(": ").append(reason);
      fixes.add(fix(reason));
    }
    List<String> all = new ArrayList<>(fixes);
    all.add(
        "or pass --on-bad-rows=quarantine to write bad rows to "
            + tables
            + "/rejected_rows and encode the rest");
    return SpladeException.of(input, problem.toString(), String.join("; ", all));
  }

  /** {@code file:line (id 'x')}, or just the reference when it already names the row. */
  static String describe(String ref, String id) {
    return id == null ? ref : ref + " (id '" + id + "')";
  }

  /** The fix of each kind of bad row, by the start of its reason, in the order they are tried. */
  private static final List<Map.Entry<String, String>> FIXES =
      List.of(
          Map.entry(NOT_UTF8, "re-save the input as UTF-8"),
          Map.entry(INVALID_JSON, "write exactly one JSON object per line"),
          Map.entry(
              MALFORMED_CSV, "give every CSV line the header's fields, quoting fields with commas"),
          Map.entry(MISSING_ID, "give every row an id (or name the id column with --id-col)"),
          Map.entry(
              MISSING_TEXT, "give every row a text (or name the text column with --text-col)"),
          Map.entry(DUPLICATE_ID, "make the ids unique"),
          Map.entry(
              TOO_LONG,
              "split long documents into passages, or raise --max-doc-wordpieces to encode them"
                  + " truncated as the model would"));

  static String fix(String reason) {
    for (Map.Entry<String, String> f : FIXES) {
      if (reason.startsWith(f.getKey())) {
        return f.getValue();
      }
    }
    // A wrong type is a suffix ("title: 3, expected a string").
    return reason.contains(WRONG_TYPE)
        ? "write ids, titles and texts as JSON strings"
        : "correct these rows";
  }
}
