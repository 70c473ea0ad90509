package org.spladespark.jobs.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How each phase's time grows between consecutive sizes: {@code time ratio / size ratio} is 1 for
 * linear growth, below 1 where fixed costs still dominate, above 1 for super-linear growth.
 */
final class Growth {
  private Growth() {}

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> of(List<Map<String, Object>> sizes, List<String> phases) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 1; i < sizes.size(); i++) {
      Map<String, Object> a = sizes.get(i - 1);
      Map<String, Object> b = sizes.get(i);
      double docsRatio =
          ((Number) b.get("docs")).doubleValue() / ((Number) a.get("docs")).doubleValue();
      Map<String, Object> ratios = new LinkedHashMap<>();
      Map<String, Map<String, Object>> pa = (Map<String, Map<String, Object>>) a.get("phases");
      Map<String, Map<String, Object>> pb = (Map<String, Map<String, Object>>) b.get("phases");
      for (String p : phases) {
        double ta = (double) pa.get(p).get("seconds");
        double tb = (double) pb.get(p).get("seconds");
        ratios.put(p, ta > 0 ? ScaleBench.round(tb / ta) : null);
      }
      double ta = (double) a.get("pipeline_seconds");
      double tb = (double) b.get("pipeline_seconds");
      ratios.put("pipeline", ta > 0 ? ScaleBench.round(tb / ta) : null);
      Map<String, Object> g = new LinkedHashMap<>();
      g.put("from_docs", a.get("docs"));
      g.put("to_docs", b.get("docs"));
      g.put("docs_ratio", ScaleBench.round(docsRatio));
      g.put("time_ratio", ratios);
      out.add(g);
    }
    return out;
  }
}
