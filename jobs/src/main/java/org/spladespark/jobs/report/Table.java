package org.spladespark.jobs.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A small in-memory table (a collected stats table or a query result): column names and rows of
 * plain Java values (String, Number, Boolean or null).
 */
public record Table(List<String> columns, List<List<Object>> rows) {
  public Table {
    columns = List.copyOf(columns);
    List<List<Object>> copy = new ArrayList<>(rows.size());
    for (List<Object> r : rows) {
      if (r.size() != columns.size()) {
        throw new IllegalArgumentException(
            "row has " + r.size() + " values for " + columns.size() + " columns");
      }
      copy.add(Collections.unmodifiableList(new ArrayList<>(r)));
    }
    rows = Collections.unmodifiableList(copy);
  }

  /** Position of {@code name}. */
  public int column(String name) {
    int i = columns.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("no column " + name + " in " + columns);
    }
    return i;
  }

  /** The rows whose {@code column} equals {@code value}. */
  public Table where(String column, Object value) {
    int c = column(column);
    List<List<Object>> out = new ArrayList<>();
    for (List<Object> r : rows) {
      if (Objects.equals(r.get(c), value)) {
        out.add(r);
      }
    }
    return new Table(columns, out);
  }

  /** The distinct values of {@code column}, in first-seen order. */
  public List<Object> distinct(String column) {
    int c = column(column);
    List<Object> out = new ArrayList<>();
    for (List<Object> r : rows) {
      if (!out.contains(r.get(c))) {
        out.add(r.get(c));
      }
    }
    return out;
  }

  public Object get(int row, String column) {
    return rows.get(row).get(column(column));
  }

  public double number(int row, String column) {
    return ((Number) get(row, column)).doubleValue();
  }

  public boolean isEmpty() {
    return rows.isEmpty();
  }
}
