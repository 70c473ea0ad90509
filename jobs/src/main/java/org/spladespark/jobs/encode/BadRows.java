package org.spladespark.jobs.encode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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
      String reason = r.getAs("problem");
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

  static String fix(String reason) {
    if (reason.startsWith(NOT_UTF8)) {
      return "re-save the input as UTF-8";
    }
    if (reason.startsWith(INVALID_JSON)) {
      return "write exactly one JSON object per line";
    }
    if (reason.startsWith(MALFORMED_CSV)) {
      return "give every CSV line the header's fields, quoting fields with commas";
    }
    if (reason.startsWith(MISSING_ID)) {
      return "give every row an id (or name the id column with --id-col)";
    }
    if (reason.startsWith(MISSING_TEXT)) {
      return "give every row a text (or name the text column with --text-col)";
    }
    if (reason.startsWith(DUPLICATE_ID)) {
      return "make the ids unique";
    }
    if (reason.startsWith(TOO_LONG)) {
      return "split long documents into passages, or raise --max-doc-wordpieces to encode them"
          + " truncated as the model would";
    }
    if (reason.contains(WRONG_TYPE)) {
      return "write ids, titles and texts as JSON strings";
    }
    return "correct these rows";
  }
}
