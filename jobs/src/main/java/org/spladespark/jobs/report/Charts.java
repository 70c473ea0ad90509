package org.spladespark.jobs.report;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * PNG charts with JFreeChart. Sets {@code java.awt.headless=true} (no display is needed, but a font
 * is: the JDK's fontconfig must find one, e.g. Debian's fonts-dejavu-core).
 */
public final class Charts {
  static final int WIDTH = 720;
  static final int HEIGHT = 360;

  private Charts() {}

  /** A vertical bar chart of {@code values} (category label → value), in map order. */
  public static void bars(
      Path png,
      String title,
      String categoryAxis,
      String valueAxis,
      Map<String, ? extends Number> values) {
    bars(png, title, categoryAxis, valueAxis, values, PlotOrientation.VERTICAL);
  }

  /** A horizontal bar chart (for ranked lists such as top tokens). */
  public static void horizontalBars(
      Path png,
      String title,
      String categoryAxis,
      String valueAxis,
      Map<String, ? extends Number> values) {
    bars(png, title, categoryAxis, valueAxis, values, PlotOrientation.HORIZONTAL);
  }

  private static void bars(
      Path png,
      String title,
      String categoryAxis,
      String valueAxis,
      Map<String, ? extends Number> values,
      PlotOrientation orientation) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    values.forEach((k, v) -> data.addValue(v, valueAxis, k));
    save(
        png,
        ChartFactory.createBarChart(
            title, categoryAxis, valueAxis, data, orientation, false, false, false));
  }

  /** One line per series; each series is a list of (x, y) points. */
  public static void lines(
      Path png, String title, String xAxis, String yAxis, Map<String, List<double[]>> series) {
    XYSeriesCollection data = new XYSeriesCollection();
    series.forEach(
        (name, points) -> {
          XYSeries s = new XYSeries(name, false, true);
          points.forEach(p -> s.add(p[0], p[1]));
          data.addSeries(s);
        });
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            title, xAxis, yAxis, data, PlotOrientation.VERTICAL, true, false, false);
    // Points as well as lines: a series of one setting is still visible.
    chart.getXYPlot().setRenderer(new XYLineAndShapeRenderer(true, true));
    save(png, chart);
  }

  private static void save(Path png, JFreeChart chart) {
    System.setProperty("java.awt.headless", "true");
    chart.getPlot().setBackgroundPaint(Color.WHITE);
    try {
      ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write chart " + png, e);
    }
  }
}
