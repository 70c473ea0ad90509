package org.spladespark.jobs.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a Dockerfile the checks need, with {@code ${ARG}} references replaced by the ARG
 * defaults: base images, ENV settings and COPY sources and destinations.
 *
 * @param args ARG defaults (declared without a default: absent)
 * @param from FROM images in order
 * @param env ENV settings of the final stage
 * @param copies COPY instructions of the final stage without {@code --from}: source to destination
 */
record Dockerfile(
    Map<String, String> args,
    List<String> from,
    Map<String, String> env,
    Map<String, String> copies) {

  private static final Pattern REF = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");

  static Dockerfile parse(String text) {
    Map<String, String> args = new LinkedHashMap<>();
    List<String> from = new ArrayList<>();
    Map<String, String> env = new LinkedHashMap<>();
    Map<String, String> copies = new LinkedHashMap<>();
    for (String line : instructions(text)) {
      String[] words = line.trim().split("\\s+");
      String op = words[0].toUpperCase(java.util.Locale.ROOT);
      switch (op) {
        case "ARG" -> {
          for (int i = 1; i < words.length; i++) {
            int eq = words[i].indexOf('=');
            if (eq > 0) {
              args.put(words[i].substring(0, eq), expand(words[i].substring(eq + 1), args));
            }
          }
        }
        case "FROM" -> {
          from.add(expand(words[1], args));
          env.clear();
          copies.clear();
        }
        case "ENV" -> {
          for (int i = 1; i < words.length; i++) {
            int eq = words[i].indexOf('=');
            if (eq > 0) {
              env.put(words[i].substring(0, eq), unquote(expand(words[i].substring(eq + 1), args)));
            }
          }
        }
        case "COPY" -> {
          List<String> operands = new ArrayList<>();
          boolean fromStage = false;
          for (int i = 1; i < words.length; i++) {
            if (words[i].startsWith("--from=")) {
              fromStage = true;
            } else if (!words[i].startsWith("--")) {
              operands.add(expand(words[i], args));
            }
          }
          if (!fromStage && operands.size() >= 2) {
            String dest = operands.get(operands.size() - 1);
            for (String src : operands.subList(0, operands.size() - 1)) {
              copies.put(src, dest);
            }
          }
        }
        default -> {}
      }
    }
    return new Dockerfile(args, from, env, copies);
  }

  /** Logical instructions: comments dropped, backslash continuations joined. */
  private static List<String> instructions(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String raw : text.split("\n", -1)) {
      String line = raw.strip();
      if (line.startsWith("#") || (line.isEmpty() && current.isEmpty())) {
        continue;
      }
      boolean continued = line.endsWith("\\");
      current.append(continued ? line.substring(0, line.length() - 1) : line).append(' ');
      if (!continued) {
        out.add(current.toString().trim());
        current.setLength(0);
      }
    }
    if (!current.isEmpty()) {
      out.add(current.toString().trim());
    }
    return out;
  }

  private static String expand(String s, Map<String, String> args) {
    Matcher m = REF.matcher(s);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2);
      m.appendReplacement(sb, Matcher.quoteReplacement(args.getOrDefault(name, m.group())));
    }
    return m.appendTail(sb).toString();
  }

  private static String unquote(String s) {
    return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")
        ? s.substring(1, s.length() - 1)
        : s;
  }
}
