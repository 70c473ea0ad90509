package org.spladespark.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report as a person reads it: every chart's category labels are drawn whole (the labels
 * JFreeChart drew, read from its rendering info, equal the full bucket ranges), none overlaps
 * another or leaves the image, the top-tokens chart shows 20 tokens with long ones shortened and
 * undrawable ones shown by id, and each image is as large as the page shows it.
 */
class ReportLegibilityTest {
  static final String CJK = "\u732b\u7684";
  static final String LONG = "pneumonoultramicroscopicsilicovolcanoconiosis";

  private static Table t(List<String> cols, List<List<Object>> rows) {
    return new Table(cols, rows);
  }

  private static ReportInput input(Path bench) {
    List<List<Object>> hist = new ArrayList<>();
    for (int b = 0; b < 30; b++) {
      hist.add(List.of("m", "all", b * 20, b * 20 + 19, (long) (b * 7 % 11 + 1)));
    }
    List<List<Object>> top = new ArrayList<>();
    for (int r = 1; r <= 50; r++) {
      String token = r == 2 ? CJK : r == 3 ? LONG : r == 4 ? null : "token" + r;
      top.add(Arrays.asList("m", "all", "mass", r, 1000 + r, token, 10L, 100.0 - r));
    }
    List<List<Object>> post = new ArrayList<>();
    for (int b = 0; b < 12; b++) {
      post.add(List.of("m", "all", 1L << b, (2L << b) - 1, 5L, 9L));
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("scifact_dot_ndcg@10", 0.6512);
    return new ReportInput(
        "Legible",
        t(List.of("model_id", "slice", "docs"), List.of(List.of("m", "all", 600L))),
        ReportTables.activeDims(hist),
        ReportTables.topTokens(top),
        ReportTables.postingLengths(post),
        ReportTables.pruning(List.of(List.of("m", "all", "top_k", 2.0, 0.3, 0.9))),
        null,
        metrics,
        Map.of("bench.json", ReportJob.readFlat(bench)));
  }

  @Test
  void chartsShowWholeLabelsThatFitAndTheTableKeepsFullTokens(@TempDir Path dir)
      throws IOException {
    Path bench = dir.resolve("bench.json");
    Files.writeString(
        bench, "{\"docs_per_second\": 812.5, \"run\": {\"docs\": 5183, \"device\": \"cpu\"}}");
    List<Charts.ChartInfo> charts = HtmlReport.render(input(bench), dir.resolve("report"));
    assertEquals(5, charts.size());
    for (Charts.ChartInfo c : charts) {
      BufferedImage img = ImageIO.read(c.png().toFile());
      assertEquals(c.width(), img.getWidth(), c.png().toString());
      assertEquals(c.height(), img.getHeight(), c.png().toString());
      assertTrue(c.width() >= 800, "readable size");
      Rectangle2D frame = new Rectangle2D.Double(0, 0, c.width(), c.height());
      for (int i = 0; i < c.labelBounds().size(); i++) {
        Rectangle2D b = c.labelBounds().get(i);
        assertTrue(frame.contains(b), c.png() + " label " + c.labels().get(i) + " " + b);
        if (i > 0) {
          assertFalse(
              b.intersects(c.labelBounds().get(i - 1)),
              c.png() + " labels overlap: " + c.labels().get(i - 1) + " / " + c.labels().get(i));
        }
      }
    }
    Charts.ChartInfo hist = byName(charts, "active_dims_0.png");
    assertEquals(30, hist.labels().size());
    assertEquals("0–19", hist.labels().get(0));
    assertEquals("580–599", hist.labels().get(29));
    Charts.ChartInfo post = byName(charts, "posting_lengths_0.png");
    assertEquals("2048–4095", post.labels().get(11));

    Charts.ChartInfo top = byName(charts, "top_tokens_0.png");
    assertEquals(HtmlReport.CHART_TOKENS, top.labels().size());
    assertEquals("token1", top.labels().get(0));
    assertEquals(ChartFonts.canDisplay(CJK) ? CJK : "#1002", top.labels().get(1));
    assertEquals(LONG.substring(0, HtmlReport.CHART_LABEL_CHARS - 1) + "…", top.labels().get(2));
    assertEquals("#1004", top.labels().get(3));
    assertTrue(top.height() >= Charts.ROW_HEIGHT * 20, "a row per bar");

    String html = Files.readString(dir.resolve("report/index.html"));
    assertTrue(html.contains(">" + LONG + "<"), "the table keeps the full token");
    assertTrue(html.contains(">" + CJK + "<"));
    assertTrue(html.contains("width=\"800\""), html);
    assertTrue(html.contains("data-key=\"run.docs\""), "bench JSON shown");
    assertTrue(html.contains(">5183<"));
    assertTrue(html.contains("data-key=\"scifact_dot_ndcg@10\""), "metrics shown");
  }

  private static Charts.ChartInfo byName(List<Charts.ChartInfo> charts, String name) {
    return charts.stream()
        .filter(c -> c.png().getFileName().toString().equals(name))
        .findFirst()
        .orElseThrow();
  }
}
