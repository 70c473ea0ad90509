package org.spladespark.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.spladespark.jobs.testing.SparkTestSession;
import org.spladespark.testing.Fixtures;
import picocli.CommandLine;

/**
 * Every {@code bin/splade …} line of the README's {@code bash} blocks runs, in process, against the
 * bundled sample (the tiny oracle model, {@code fixtures/sample}) and exits 0, so the README cannot
 * drift from the CLI. Only the placeholders are substituted ({@link #placeholders}); a relative
 * file name an option writes ({@code run.trec}, {@code report/}) goes to a temporary folder, and a
 * relative path that exists in the project ({@code notebooks/…}) is taken from the project root,
 * where {@code bin/splade} runs. {@code encode} lines run first (every other command reads an
 * index), then the rest in README order. A line naming an unknown command or placeholder fails,
 * naming the README line.
 */
class ReadmeCommandsIT {
  private static final Path ROOT = Fixtures.root().toAbsolutePath().normalize().getParent();
  private static final Pattern PLACEHOLDER = Pattern.compile("\\b[A-Z][A-Z_]{2,}\\b");

  /** A README command line: its line number and text. */
  record Line(int number, String text) {
    String command() {
      return text.split("\\s+")[1];
    }
  }

  /** The {@code bin/splade} lines of the README's bash blocks, continuation lines joined. */
  static List<Line> readmeLines() throws IOException {
    List<String> all = Files.readAllLines(ROOT.resolve("README.md"));
    List<Line> lines = new ArrayList<>();
    boolean bash = false;
    for (int i = 0; i < all.size(); i++) {
      String l = all.get(i).strip();
      if (l.startsWith("```")) {
        bash = !bash && l.equals("```bash");
        continue;
      }
      if (!bash || !l.startsWith("bin/splade ")) {
        continue;
      }
      int first = i;
      StringBuilder sb = new StringBuilder();
      while (l.endsWith("\\") && i + 1 < all.size()) {
        sb.append(l, 0, l.length() - 1).append(' ');
        l = all.get(++i).strip();
      }
      sb.append(l);
      String text = sb.toString().replaceAll("\\s+#.*$", "").strip();
      lines.add(new Line(first + 1, text));
    }
    return lines;
  }

  private static Map<String, String> placeholders(Path tmp) throws IOException {
    Path beir = Files.createDirectories(tmp.resolve("beir/qrels"));
    Path sample = ROOT.resolve("fixtures/sample");
    Files.copy(sample.resolve("sample_docs.jsonl"), beir.resolveSibling("corpus.jsonl"));
    Files.copy(sample.resolve("sample_queries.jsonl"), beir.resolveSibling("queries.jsonl"));
    Files.copy(sample.resolve("qrels.tsv"), beir.resolve("test.tsv"));
    Map<String, String> m = new LinkedHashMap<>();
    m.put("INDEX", tmp.resolve("index").toString());
    m.put("MODEL", ROOT.resolve("fixtures/oracle/tiny-inference-free-splade").toString());
    m.put("CORPUS", sample.resolve("sample_docs.jsonl").toString());
    m.put("QUERIES", sample.resolve("sample_queries.jsonl").toString());
    m.put("BEIR_FOLDER", beir.getParent().toString());
    m.put("OUT", tmp.resolve("out").toString());
    return m;
  }

  /** The words of a shell line: split at blanks outside quotes, quotes removed (as bash does). */
  static String[] words(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (char c : text.trim().toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          w.append(c);
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(w.toString());
          w.setLength(0);
          inWord = false;
        }
      } else {
        w.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(w.toString());
    }
    return words.toArray(String[]::new);
  }

  /** The arguments of a line after {@code bin/splade}, placeholders and relative files mapped. */
  static String[] args(Line line, Map<String, String> placeholders, Path files) {
    String[] words = words(line.text());
    String[] args = new String[words.length - 1];
    for (int i = 1; i < words.length; i++) {
      String w = words[i];
      Matcher m = PLACEHOLDER.matcher(w);
      StringBuilder sb = new StringBuilder();
      boolean substituted = false;
      while (m.find()) {
        String value = placeholders.get(m.group());
        if (value == null) {
          fail("README line " + line.number() + ": unknown placeholder " + m.group() + ": " + line);
        }
        m.appendReplacement(sb, Matcher.quoteReplacement(value));
        substituted = true;
      }
      m.appendTail(sb);
      w = sb.toString();
      boolean value = i > 1 && words[i - 1].startsWith("-") || i == 2;
      if (!substituted && !w.startsWith("-") && value && looksLikeAFile(w)) {
        Path inProject = ROOT.resolve(w);
        w = Files.exists(inProject) ? inProject.toString() : files.resolve(w).toString();
      }
      args[i - 1] = w;
    }
    return args;
  }

  private static boolean looksLikeAFile(String w) {
    return !w.startsWith("/") && (w.contains("/") || w.matches(".*\\.[a-z]{2,5}"));
  }

  @Test
  void everyReadmeCommandRunsOnTheSample() throws IOException {
    List<Line> lines = new ArrayList<>(readmeLines());
    assertTrue(lines.size() >= 10, "README lines found: " + lines);
    // encode first: every other command reads the index it writes; otherwise README order.
    lines.sort(Comparator.comparing((Line l) -> !l.command().equals("encode")));
    SparkTestSession.get(); // the commands share the suite's session and leave it running
    Path tmp = SparkTestSession.newDir("readme");
    Map<String, String> placeholders = placeholders(tmp);
    Path files = Files.createDirectories(tmp.resolve("cwd"));
    for (Line line : lines) {
      assertTrue(
          SpladeCli.commands().contains(line.command()),
          "README line " + line.number() + " names an unknown command: " + line.text());
      String[] args = args(line, placeholders, files);
      CommandLine cl = SpladeCli.commandLine();
      StringWriter err = new StringWriter();
      cl.setErr(new PrintWriter(err, true));
      long start = System.nanoTime();
      int code = cl.execute(args);
      // Which README command costs what, for whoever trims the suite's time.
      System.out.printf(
          "README line %d: %.1f s: %s%n",
          line.number(), (System.nanoTime() - start) / 1e9, line.text());
      assertEquals(
          0,
          code,
          "README line "
              + line.number()
              + " failed: "
              + line.text()
              + "\nargs: "
              + String.join(" ", args)
              + "\n"
              + err);
    }
    assertFalse(SparkTestSession.get().sparkContext().isStopped(), "a command stopped the session");
  }
}
