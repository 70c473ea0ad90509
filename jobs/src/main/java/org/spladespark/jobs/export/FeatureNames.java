package org.spladespark.jobs.export;

/**
 * Token strings as feature names of OpenSearch {@code rank_features} and Elasticsearch {@code
 * sparse_vector} fields, which reject names containing a dot (a dot means a sub-field to them).
 *
 * <p>The escape is percent-encoding of exactly two characters: {@code %} becomes {@code %25} and
 * {@code .} becomes {@code %2E}; everything else (including {@code ##} word pieces and non-ASCII
 * text) stays as the vocabulary spells it. It is injective, so two tokens never share a name, and
 * {@link #unescape} inverts it. Queries sent to the engine must name their tokens the same way
 * ({@code splade export --queries} does). Stateless and thread-safe.
 */
public final class FeatureNames {
  private FeatureNames() {}

  /** The feature name of {@code token}. */
  public static String escape(String token) {
    if (token.indexOf('.') < 0 && token.indexOf('%') < 0) {
      return token;
    }
    StringBuilder sb = new StringBuilder(token.length() + 4);
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c == '%') {
        sb.append("%25");
      } else if (c == '.') {
        sb.append("%2E");
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** The token of a feature name written by {@link #escape}. */
  public static String unescape(String name) {
    if (name.indexOf('%') < 0) {
      return name;
    }
    StringBuilder sb = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '%' && name.startsWith("%25", i)) {
        sb.append('%');
        i += 2;
      } else if (c == '%' && name.startsWith("%2E", i)) {
        sb.append('.');
        i += 2;
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
