package org.spladespark.jobs.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
  static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  /**
   * Asserts {@code png} is a readable PNG of the chart width (horizontal bar charts are taller).
   */
  static void assertPng(Path png) throws IOException {
    byte[] bytes = Files.readAllBytes(png);
    assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, 8), png.toString());
    BufferedImage img = ImageIO.read(png.toFile());
    assertNotNull(img, png.toString());
    assertEquals(Charts.WIDTH, img.getWidth());
    assertTrue(img.getHeight() >= Charts.MIN_HEIGHT, png + " height " + img.getHeight());
  }

  /** The text of every {@code <td data-col="col">} in {@code html}, in order. */
  static List<String> cells(String html, String col) {
    Matcher m =
        Pattern.compile("<td data-col=\"" + Pattern.quote(col) + "\">([^<]*)</td>").matcher(html);
    List<String> out = new java.util.ArrayList<>();
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @SafeVarargs
  private static Table t(List<String> cols, List<Object>... rows) {
    return new Table(cols, List.of(rows));
  }

  @Test
  void rendersChartsAndExactNumbers(@TempDir Path dir) throws IOException {
    Table summary =
        t(List.of("model_id", "slice", "docs", "active_dims_mean"), List.of("m", "all", 4L, 1.75));
    Table hist =
        ReportTables.activeDims(
            List.of(List.of("m", "all", 2, 3, 1L), List.of("m", "all", 0, 1, 2L)));
    Table top =
        ReportTables.topTokens(
            List.of(
                List.of("m", "all", "mass", 1, 2, "cat", 3L, 7.0),
                Arrays.asList("m", "all", "mass", 2, 5, null, 1L, 3.0)));
    Table post = ReportTables.postingLengths(List.of(List.of("m", "all", 1L, 1L, 4L, 4L)));
    Table pruning =
        ReportTables.pruning(
            List.of(
                List.of("m", "all", "top_k", 2.0, 2.0 / 7, 11 / 11.75),
                List.of("m", "all", "max_ratio", 0.5, 3.0 / 7, 10 / 11.75)));
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("scifact_dot_ndcg@10", 0.61234);
    metrics.put("nfcorpus_dot_ndcg@10", 0.3);
    metrics.put("BEIR_mean_avg_flops", 1.5);
    List<Path> charts =
        HtmlReport.write(
            new ReportInput("T <&>", summary, hist, top, post, pruning, null, metrics, null), dir);
    assertEquals(
        List.of(
            "metrics_ndcg.png",
            "active_dims_0.png",
            "posting_lengths_0.png",
            "top_tokens_0.png",
            "pruning_0.png"),
        charts.stream().map(p -> p.getFileName().toString()).toList());
    for (Path c : charts) {
      assertPng(c);
    }
    String html = Files.readString(dir.resolve("index.html"));
    assertTrue(html.contains("<title>T &lt;&amp;&gt;</title>"));
    for (Path c : charts) {
      assertTrue(html.contains("<img src=\"charts/" + c.getFileName() + "\""), c.toString());
    }
    assertEquals(List.of("4"), cells(html, "docs").subList(0, 1));
    assertEquals("1.7500", cells(html, "active_dims_mean").get(0));
    assertEquals(List.of("0.6123", "0.3000", "1.5000"), cells(html, "value"));
    assertEquals(List.of("0.2857", "0.4286"), cells(html, "postings_saved_share"));
    assertEquals("—", cells(html, "token").get(1)); // null token
    assertTrue(!html.contains("id=\"drift\""));
  }

  @Test
  void formatRules() {
    assertEquals("7", HtmlReport.format(7L));
    assertEquals("0.3333", HtmlReport.format(1.0 / 3));
    assertEquals("2.0000", HtmlReport.format(2f));
    assertEquals("NaN", HtmlReport.format(Double.NaN));
    assertEquals("—", HtmlReport.format(null));
  }
}
