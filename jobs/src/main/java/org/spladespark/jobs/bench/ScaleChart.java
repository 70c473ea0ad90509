package org.spladespark.jobs.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * {@code scale.png}: seconds per phase against documents, both axes logarithmic, with the linear
 * reference {@code t = t(N0) × N / N0} through the smallest size's whole-pipeline time (dashed): a
 * phase parallel to it grows linearly.
 */
final class ScaleChart {
  private ScaleChart() {}

  @SuppressWarnings("unchecked")
  static void write(Path png, List<Map<String, Object>> sizes, List<String> phases) {
    if (sizes.isEmpty()) {
      return;
    }
    XYSeriesCollection data = new XYSeriesCollection();
    for (String phase : phases) {
      XYSeries s = new XYSeries(phase);
      for (Map<String, Object> size : sizes) {
        Map<String, Map<String, Object>> p = (Map<String, Map<String, Object>>) size.get("phases");
        // A log axis cannot show 0: a phase too fast to time is drawn at 1 ms.
        s.add(n(size), Math.max(0.001, (double) p.get(phase).get("seconds")));
      }
      data.addSeries(s);
    }
    XYSeries total = new XYSeries("pipeline");
    XYSeries linear = new XYSeries("linear (N/N0 × pipeline at N0)");
    double n0 = n(sizes.get(0));
    double t0 = Math.max(0.001, (double) sizes.get(0).get("pipeline_seconds"));
    for (Map<String, Object> size : sizes) {
      total.add(n(size), Math.max(0.001, (double) size.get("pipeline_seconds")));
      linear.add(n(size), t0 * n(size) / n0);
    }
    data.addSeries(total);
    data.addSeries(linear);
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            "splade bench scale: seconds per phase",
            "documents",
            "seconds",
            data,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    XYPlot plot = chart.getXYPlot();
    LogAxis x = new LogAxis("documents");
    x.setBase(10);
    x.setSmallestValue(1);
    LogAxis y = new LogAxis("seconds");
    y.setBase(10);
    y.setSmallestValue(0.001);
    plot.setDomainAxis(x);
    plot.setRangeAxis(y);
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
    int last = data.getSeriesCount() - 1;
    r.setSeriesPaint(last, Color.GRAY);
    r.setSeriesShapesVisible(last, false);
    r.setSeriesStroke(
        last,
        new BasicStroke(
            1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1, new float[] {6, 4}, 0));
    r.setSeriesStroke(last - 1, new BasicStroke(2.5f));
    plot.setRenderer(r);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    System.setProperty("java.awt.headless", "true");
    try {
      ChartUtils.saveChartAsPNG(png.toFile(), chart, 800, 480);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write chart " + png, e);
    }
  }

  private static double n(Map<String, Object> size) {
    return ((Number) size.get("docs")).doubleValue();
  }
}
