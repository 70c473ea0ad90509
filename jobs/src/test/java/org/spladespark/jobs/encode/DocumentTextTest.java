package org.spladespark.jobs.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DocumentTextTest {
  @Test
  void titleAndTextJoinedWithOneSpaceAsBeir() {
    assertEquals("Title body text.", DocumentText.of("Title", "body text."));
  }

  @Test
  void emptyTitleGivesTheStrippedText() {
    assertEquals("body", DocumentText.of("", "body"));
    assertEquals("body", DocumentText.of("  ", " body\n"));
  }

  @Test
  void stripUsesPythonWhitespaceIncludingNoBreakSpaces() {
    assertEquals("a b", DocumentText.of("\u00A0a", "b\u202F\u0085\u2007\u3000"));
    // Zero-width space is not whitespace in Python either.
    assertEquals("\u200Ba b", DocumentText.of("\u200Ba", "b"));
  }

  @Test
  void withoutTitleTheTextIsVerbatim() {
    assertEquals("  spaced  ", DocumentText.of(null, "  spaced  "));
    assertEquals("", DocumentText.of(null, ""));
  }

  @Test
  void emptyTitleAndText() {
    assertEquals("", DocumentText.of("", ""));
  }
}
