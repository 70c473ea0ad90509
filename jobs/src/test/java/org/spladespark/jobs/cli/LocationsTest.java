package org.spladespark.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.spladespark.jobs.cli.options.Locations;
import org.spladespark.jobs.encode.EncodeCommand;
import org.spladespark.jobs.search.SearchCommand;
import org.spladespark.jobs.spark.Commands;
import org.spladespark.jobs.stats.StatsCommand;
import org.spladespark.jobs.verify.VerifyCommand;

/** How path options are read: relative paths, URIs and catalog table names (README "Paths"). */
class LocationsTest {
  private static String abs(String p) {
    return Path.of(p).toAbsolutePath().normalize().toString();
  }

  @Test
  void relativePathsResolveAgainstTheWorkingDirectory() {
    assertEquals(abs("idx"), Locations.path("idx"));
    assertEquals(abs("a/b"), Locations.path("./a/../a/b/"));
    assertEquals("/data/idx", Locations.path("/data/idx/"));
  }

  @Test
  void urisAreKept() {
    assertEquals("s3a://bucket/idx", Locations.path("s3a://bucket/idx/"));
    assertEquals("file:/data/idx", Locations.path("file:/data/idx"));
    assertEquals(
        "abfss://c@acct.dfs.core.windows.net/idx",
        Locations.path("abfss://c@acct.dfs.core.windows.net/idx"));
  }

  @Test
  void dottedNamesWithoutSlashAreTablesUnlessTheFileExists() {
    assertTrue(Locations.isTableName("main.default.docs"));
    assertTrue(Locations.isTableName("db.docs"));
    assertFalse(Locations.isTableName("docs"), "a bare name is a relative folder");
    assertFalse(Locations.isTableName("./db.docs"));
    assertFalse(Locations.isTableName("pom.xml"), "an existing file is a path");
    assertEquals("main.default.docs", Locations.pathOrTable("main.default.docs"));
    assertEquals(abs("pom.xml"), Locations.pathOrTable("pom.xml"));
  }

  @Test
  void everyCommandResolvesItsRelativePaths() {
    assertEquals(
        abs("idx"),
        Commands.parse(new EncodeCommand(), "-i", "pom.xml", "-m", "m", "-o", "idx").tables());
    assertEquals(
        abs("pom.xml"),
        Commands.parse(new EncodeCommand(), "-i", "pom.xml", "-m", "m").input().location());
    assertEquals(
        abs("idx") + "/doc_vectors",
        Commands.parse(
                new SearchCommand(),
                "--queries",
                "q.jsonl",
                "--index",
                "idx",
                "-m",
                "m",
                "--output-trec",
                "r")
            .index()
            .docVectors()
            .location());
    assertEquals(abs("idx"), Commands.parse(new VerifyCommand(), "--index", "idx/").tables());
    assertEquals(abs("idx"), Commands.parse(new StatsCommand(), "--index", "idx").index());
    assertEquals(
        abs("pom.xml"),
        Commands.parse(new StatsCommand(), "--index", "idx", "--corpus", "pom.xml")
            .corpus()
            .location());
  }
}
