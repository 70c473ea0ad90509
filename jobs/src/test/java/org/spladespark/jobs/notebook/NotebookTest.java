package org.spladespark.jobs.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spladespark.errors.SpladeException;

class NotebookTest {
  static final String SOURCE =
      String.join(
          "\n",
          "-- Databricks notebook source",
          "-- MAGIC %md",
          "-- MAGIC # Title",
          "-- MAGIC Some `code` and **bold** <b>",
          "-- MAGIC",
          "-- MAGIC - one",
          "-- MAGIC - two",
          "",
          "-- COMMAND ----------",
          "",
          "CREATE WIDGET TEXT index_path DEFAULT '/tmp/x';",
          "-- a comment; with a semicolon",
          "CREATE WIDGET TEXT k DEFAULT '5'",
          "",
          "-- COMMAND ----------",
          "",
          "SELECT ';' AS a, `b;c` FROM delta.`${index_path}/t` WHERE k = ${k};",
          "SELECT 2",
          "");

  @Test
  void parsesCellsWidgetsAndStatements() {
    Notebook nb = Notebook.parse("n.sql", SOURCE);
    assertEquals(3, nb.cells().size());
    assertTrue(nb.cells().get(0).markdown());
    assertEquals("# Title\nSome `code` and **bold** <b>\n\n- one\n- two", nb.cells().get(0).text());
    assertEquals(Map.of("index_path", "/tmp/x", "k", "5"), nb.widgets());
    List<String> st = Notebook.statements(nb.cells().get(2).text());
    assertEquals(
        List.of("SELECT ';' AS a, `b;c` FROM delta.`${index_path}/t` WHERE k = ${k}", "SELECT 2"),
        st);
    // the comment line belongs to the second widget statement, which is still a widget
    List<String> w = Notebook.statements(nb.cells().get(1).text());
    assertEquals(2, w.size());
    assertTrue(Notebook.isWidget(w.get(1)));
    assertFalse(Notebook.isWidget(st.get(1)));
    assertEquals(
        "SELECT ';' AS a, `b;c` FROM delta.`/idx/t` WHERE k = 5",
        nb.substitute(3, st.get(0), Map.of("index_path", "/idx", "k", "5")));
  }

  @Test
  void markdownIsEscapedAndRendered() {
    String html = Markdown.toHtml(Notebook.parse("n.sql", SOURCE).cells().get(0).text());
    assertEquals(
        "<h1>Title</h1>\n<p>Some <code>code</code> and <strong>bold</strong> &lt;b&gt;</p>\n"
            + "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n",
        html);
  }

  @Test
  void missingHeaderIsRejected() {
    SpladeException e =
        assertThrows(SpladeException.class, () -> Notebook.parse("x.sql", "SELECT 1"));
    assertEquals(
        "x.sql: does not start with '-- Databricks notebook source'. Fix: export the notebook in"
            + " Databricks source format",
        e.getMessage());
  }

  @Test
  void unknownParameterIsRejected() {
    Notebook nb = Notebook.parse("n.sql", SOURCE);
    SpladeException e =
        assertThrows(SpladeException.class, () -> nb.substitute(3, "SELECT ${nope}", Map.of()));
    assertEquals("n.sql cell 3", e.subject());
    assertTrue(e.problem().contains("${nope}"));
  }

  @Test
  void otherMagicCellsAreRejected() {
    SpladeException e =
        assertThrows(
            SpladeException.class,
            () ->
                Notebook.parse(
                    "p.sql", "-- Databricks notebook source\n-- MAGIC %python\n-- MAGIC x = 1\n"));
    assertEquals("p.sql cell 1", e.subject());
    assertTrue(e.problem().contains("only %md is supported"));
  }
}
