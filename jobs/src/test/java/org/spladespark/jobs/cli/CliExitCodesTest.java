package org.spladespark.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spladespark.testing.Fixtures;
import picocli.CommandLine;

/**
 * The exit-code policy of the README, per command, for everything found before a job starts: bad
 * usage or input exits 2 with one message (no doubled prefix), and writes nothing. Spark-free: none
 * of these reaches a session. Exit code 1 (a job that ran and failed) is {@code CliExitCodesIT}.
 */
class CliExitCodesTest {
  @TempDir Path tmp;

  private static final String CORPUS = Fixtures.sampleDocs().toString();
  private static final String MODEL = Fixtures.tinyModel().toString();

  /** Exit code and stderr of one command line. */
  record Result(int code, String err, String out) {}

  static Result run(String... args) {
    CommandLine cl = SpladeCli.commandLine();
    StringWriter err = new StringWriter();
    StringWriter out = new StringWriter();
    cl.setErr(new PrintWriter(err, true));
    cl.setOut(new PrintWriter(out, true));
    int code = cl.execute(args);
    return new Result(code, err.toString(), out.toString());
  }

  private static Result usage(String... args) {
    Result r = run(args);
    assertEquals(SpladeCli.USAGE, r.code(), String.join(" ", args) + "\n" + r.err());
    String name = "splade " + args[0] + ": ";
    assertFalse(r.err().contains(name + name.substring(0, name.length() - 2)), r.err());
    assertFalse(r.err().contains(name + "splade"), "doubled prefix: " + r.err());
    return r;
  }

  @Test
  void bareSpladeListsTheCommandsAsUsage() {
    Result r = run();
    assertEquals(SpladeCli.USAGE, r.code());
    for (String c : List.of("encode", "search", "evaluate", "verify", "stats", "models")) {
      assertTrue(r.err().contains("  " + c), c + " listed: " + r.err());
    }
  }

  @Test
  void bareModelsListsItsSubcommands() {
    Result r = run("models");
    assertEquals(SpladeCli.USAGE, r.code());
    assertTrue(r.err().contains("rollback"), r.err());
  }

  @Test
  void helpAndVersionExitZero() {
    for (String c : SpladeCli.commands()) {
      assertEquals(SpladeCli.OK, run(c, "--help").code(), c);
    }
    assertEquals(SpladeCli.OK, run("--version").code());
  }

  @Test
  void misspelledOptionIsNamedWithASuggestion() {
    Result r = usage("encode", "--inptu", CORPUS, "--model", MODEL);
    assertTrue(r.err().contains("splade encode: Unknown option"), r.err());
    assertTrue(r.err().contains("'--inptu'"), r.err());
    assertTrue(r.err().contains("Possible solutions: --input"), "suggestion: " + r.err());
    assertFalse(r.err().contains("Missing"), r.err());
  }

  @Test
  void unknownCommandIsUsage() {
    Result r = usage("encdoe");
    assertTrue(r.err().contains("encode"), "suggestion: " + r.err());
  }

  @Test
  void missingOptionsAreUsagePerCommand() {
    assertTrue(usage("encode", "--model", MODEL).err().contains("splade encode: --input: is not"));
    assertTrue(usage("reencode", "--input", CORPUS).err().contains("--model"));
    assertTrue(usage("search", "--index", "i", "--model", MODEL).err().contains("--queries"));
    assertTrue(usage("evaluate", "--model", MODEL, "--out", "o").err().contains("--data"));
    assertTrue(usage("verify").err().contains("--index"));
    assertTrue(usage("stats").err().contains("--index"));
    assertTrue(usage("report", "--out", "r").err().contains("--index/--stats"));
    assertTrue(usage("notebook", "--out", "o.html").err().toLowerCase().contains("file"));
    assertTrue(usage("models", "list").err().contains("--index"));
    assertTrue(usage("encode-texts", "--mode", "query").err().contains("--input"));
    assertTrue(usage("bench", "encode", "--corpus", CORPUS).err().contains("--synthetic-base"));
    assertTrue(usage("demo", "--bogus").err().contains("--bogus"));
  }

  @Test
  void invalidValuesAreUsagePerCommand() {
    usage("encode", "-i", CORPUS, "-m", MODEL, "--chunk-size", "0");
    usage("reencode", "-i", CORPUS, "-m", MODEL, "--max-delete-fraction", "2");
    usage("search", "--queries", "q.jsonl", "--index", "i", "-m", MODEL, "--top-k", "0");
    usage("evaluate", "--data", "d", "-m", MODEL, "--out", "o", "--retriever", "magic");
    usage("verify", "--index", "i", "--examples", "0");
    usage("stats", "--index", "i", "--hist-width", "0");
    usage("notebook", "nb.sql", "--out", "o.html", "--max-rows", "0");
    usage("encode-texts", "-m", MODEL, "--mode", "sideways", "--input", "i", "--output", "o");
    usage("bench", "encode", "-m", MODEL, "--corpus", CORPUS, "--limit", "0");
    usage("models", "rollback", "--index", "i", "--to-version", "x");
  }

  @Test
  void missingInputIsUsageBeforeSpark() {
    Path out = tmp.resolve("idx");
    Result r =
        usage(
            "encode",
            "-i",
            tmp.resolve("nope.jsonl").toString(),
            "-m",
            MODEL,
            "-o",
            out.toString());
    assertTrue(r.err().contains("no such file or folder"), r.err());
    assertFalse(Files.exists(out));
    String nope = tmp.resolve("nope.jsonl").toString();
    usage("stats", "--index", "i", "--corpus", nope);
    usage("search", "--queries", nope, "--index", "i", "-m", MODEL, "--output-trec", "r.trec");
    usage("evaluate", "--data", tmp.resolve("nope").toString(), "-m", MODEL, "--out", "o");
    usage("notebook", nope, "--index", "i", "--out", "o.html");
    usage("report", "--index", "i", "--metrics", nope, "--out", "r");
    usage("encode-texts", "-m", MODEL, "--mode", "query", "--input", nope, "--output", "o");
    usage("bench", "encode", "-m", MODEL, "--corpus", nope);
  }

  @Test
  void outputInsideTheInputIsUsage() throws IOException {
    Path in = Files.createDirectories(tmp.resolve("corpus"));
    Files.copy(Path.of(CORPUS), in.resolve("docs.jsonl"));
    Result r =
        usage("encode", "-i", in.toString(), "-m", MODEL, "-o", in.resolve("idx").toString());
    assertTrue(r.err().contains("inside the input"), r.err());
    assertFalse(Files.exists(in.resolve("idx")));
  }

  @Test
  void readOnlyOutputIsUsage() throws IOException {
    Path ro = Files.createDirectories(tmp.resolve("ro"));
    Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      if (Files.isWritable(ro)) {
        return; // running as root: permissions do not bind, nothing to check
      }
      Result r = usage("encode", "-i", CORPUS, "-m", MODEL, "-o", ro.resolve("idx").toString());
      assertTrue(r.err().contains("cannot be written"), r.err());
    } finally {
      Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void cudaWithoutCudaFailsFastSayingWhatToInstall() {
    Path out = tmp.resolve("gpu-idx");
    long t0 = System.nanoTime();
    Result r = usage("encode", "-i", CORPUS, "-m", MODEL, "-o", out.toString(), "--device", "gpu");
    double secs = (System.nanoTime() - t0) / 1e9;
    assertTrue(r.err().contains("splade encode: --device cuda:"), r.err());
    assertTrue(r.err().contains("-Pgpu") && r.err().contains("CUDA 12"), r.err());
    assertFalse(Files.exists(out), "no table left behind");
    assertTrue(secs < 30, "failed before any work, took " + secs + " s");
    usage(
        "encode-texts",
        "-m",
        MODEL,
        "--mode",
        "document",
        "--device",
        "cuda",
        "--input",
        CORPUS,
        "--output",
        out.toString());
  }

  @Test
  void encodeTextsSaysQueries() throws IOException {
    Path out = tmp.resolve("q.jsonl");
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    java.io.PrintStream saved = System.err;
    System.setErr(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
    int code;
    try {
      code =
          run(
                  "encode-texts",
                  "-m",
                  MODEL,
                  "--mode",
                  "query",
                  "--input",
                  Fixtures.root().resolve("sample/sample_queries.jsonl").toString(),
                  "--output",
                  out.toString())
              .code();
    } finally {
      System.setErr(saved);
    }
    assertEquals(SpladeCli.OK, code);
    String printed = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(printed.contains("encoded 10 queries"), printed);
    assertEquals(10, Files.readAllLines(out).size());
  }
}
