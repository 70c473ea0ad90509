package org.spladespark.jobs.report;

import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.entity.CategoryLabelEntity;
import org.jfree.chart.entity.ChartEntity;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.text.TextBlock;
import org.jfree.chart.text.TextUtils;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * PNG charts with JFreeChart, legible at their pixel size: fonts of {@link ChartFonts}, category
 * labels always drawn whole (never wrapped into "…"), turned vertical when they do not fit side by
 * side, and horizontal bar charts as tall as their bars need: {@link #ROW_HEIGHT} pixels a bar plus
 * {@link #FRAME_HEIGHT} for title and axis, and never lower than {@link #MIN_HEIGHT}, the least
 * height of any chart. Each call returns the {@link ChartInfo} of what was drawn (size and every
 * category label's bounds), read from JFreeChart's rendering info. Sets {@code
 * java.awt.headless=true}.
 */
public final class Charts {
  static final int WIDTH = 800;
  static final int HEIGHT = 420;
  static final int ROW_HEIGHT = 26;
  static final int FRAME_HEIGHT = 130;
  static final int MIN_HEIGHT = 300;

  /**
   * What a chart shows.
   *
   * @param labels the category labels as drawn, in order (empty for XY charts)
   * @param labelBounds their bounds in the image, aligned with labels
   */
  public record ChartInfo(
      Path png, int width, int height, List<String> labels, List<Rectangle2D> labelBounds) {}

  private Charts() {}

  /** A vertical bar chart of {@code values} (category label → value), in map order. */
  public static ChartInfo bars(
      Path png,
      String title,
      String categoryAxis,
      String valueAxis,
      Map<String, ? extends Number> values) {
    JFreeChart chart = barChart(title, categoryAxis, valueAxis, values, PlotOrientation.VERTICAL);
    WholeLabels axis = new WholeLabels(categoryAxis);
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setDomainAxis(axis);
    // A chart of one or two bars keeps them bar-shaped instead of filling the plot.
    ((BarRenderer) plot.getRenderer()).setMaximumBarWidth(0.15);
    // Side by side when every label fits its slot, else vertical (a slot then needs one line).
    double slot = (WIDTH - 120.0) / Math.max(1, values.size());
    if (widest(values.keySet()) > slot * 0.9) {
      axis.setCategoryLabelPositions(CategoryLabelPositions.UP_90);
    }
    return save(png, chart, WIDTH, HEIGHT);
  }

  /** A horizontal bar chart (for ranked lists such as top tokens), one row per bar. */
  public static ChartInfo horizontalBars(
      Path png,
      String title,
      String categoryAxis,
      String valueAxis,
      Map<String, ? extends Number> values) {
    JFreeChart chart = barChart(title, categoryAxis, valueAxis, values, PlotOrientation.HORIZONTAL);
    chart.getCategoryPlot().setDomainAxis(new WholeLabels(categoryAxis));
    return save(png, chart, WIDTH, Math.max(MIN_HEIGHT, FRAME_HEIGHT + ROW_HEIGHT * values.size()));
  }

  /** A bar chart of one series, {@code values} in map order, without legend, tooltips or URLs. */
  private static JFreeChart barChart(
      String title,
      String categoryAxis,
      String valueAxis,
      Map<String, ? extends Number> values,
      PlotOrientation orientation) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    values.forEach((k, v) -> data.addValue(v, valueAxis, k));
    return ChartFactory.createBarChart(
        title, categoryAxis, valueAxis, data, orientation, false, false, false);
  }

  /** One line per series; each series is a list of (x, y) points. */
  public static ChartInfo lines(
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
    style(chart.getXYPlot().getDomainAxis());
    style(chart.getXYPlot().getRangeAxis());
    if (chart.getLegend() != null) {
      chart.getLegend().setItemFont(ChartFonts.TICK);
    }
    return save(png, chart, WIDTH, HEIGHT);
  }

  /** A category axis whose labels are one line each, never shortened. */
  static final class WholeLabels extends CategoryAxis {
    private static final long serialVersionUID = 1L;

    WholeLabels(String label) {
      super(label);
      style(this);
      setMaximumCategoryLabelWidthRatio(1f);
    }

    @Override
    @SuppressWarnings("rawtypes") // JFreeChart's signature
    protected TextBlock createLabel(
        Comparable category, float width, RectangleEdge edge, Graphics2D g2) {
      return TextUtils.createTextBlock(
          category.toString(), getTickLabelFont(category), getTickLabelPaint(category));
    }
  }

  private static void style(Axis axis) {
    axis.setLabelFont(ChartFonts.AXIS);
    axis.setTickLabelFont(ChartFonts.TICK);
  }

  private static double widest(Iterable<String> labels) {
    Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
    try {
      FontMetrics m = g.getFontMetrics(ChartFonts.TICK);
      double w = 0;
      for (String s : labels) {
        w = Math.max(w, m.getStringBounds(s, g).getWidth());
      }
      return w;
    } finally {
      g.dispose();
    }
  }

  private static ChartInfo save(Path png, JFreeChart chart, int width, int height) {
    System.setProperty("java.awt.headless", "true");
    chart.setTitle(new TextTitle(chart.getTitle().getText(), ChartFonts.TITLE));
    chart.getPlot().setBackgroundPaint(Color.WHITE);
    if (chart.getPlot() instanceof CategoryPlot p) {
      style(p.getRangeAxis());
      p.setRangeGridlinePaint(Color.LIGHT_GRAY);
    }
    ChartRenderingInfo info = new ChartRenderingInfo();
    BufferedImage img = chart.createBufferedImage(width, height, info);
    List<String> labels = new ArrayList<>();
    List<Rectangle2D> bounds = new ArrayList<>();
    for (Object o : info.getEntityCollection().getEntities()) {
      if (o instanceof CategoryLabelEntity e) {
        labels.add(e.getKey().toString());
        Shape s = ((ChartEntity) e).getArea();
        bounds.add(s.getBounds2D());
      }
    }
    try {
      ImageIO.write(img, "png", png.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write chart " + png, e);
    }
    return new ChartInfo(png, width, height, labels, bounds);
  }
}
