package org.spladespark.jobs.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.spladespark.jobs.cli.SpladeCli;
import picocli.CommandLine;

class ModelsCommandTest {
  private static String help(String... args) {
    CommandLine cl = SpladeCli.commandLine();
    StringWriter out = new StringWriter();
    cl.setOut(new PrintWriter(out));
    assertEquals(0, cl.execute(args));
    return out.toString();
  }

  @Test
  void subcommandsAreRegistered() {
    CommandLine models = SpladeCli.commandLine().getSubcommands().get("models");
    assertEquals(
        java.util.Set.of("list", "activate", "rollback"), models.getSubcommands().keySet());
  }

  @Test
  void activateTakesTheModelId() {
    CommandLine cl = SpladeCli.commandLine();
    CommandLine.ParseResult r = cl.parseArgs("models", "activate", "--index", "i", "abc");
    ModelsCommand.ActivateModel a =
        r.subcommand().subcommand().commandSpec().commandLine().getCommand();
    assertEquals("abc", a.modelId);
    assertTrue(a.index.folder().endsWith("/i"), a.index.folder());
  }

  @Test
  void rollbackTakesAnOptionalVersion() {
    CommandLine cl = SpladeCli.commandLine();
    CommandLine.ParseResult r =
        cl.parseArgs("models", "rollback", "--index", "i", "--to-version", "3");
    ModelsCommand.RollbackModels b =
        r.subcommand().subcommand().commandSpec().commandLine().getCommand();
    assertEquals(3L, b.toVersion);
  }

  @Test
  void missingIndexIsAnError() {
    CommandLine cl = SpladeCli.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    assertEquals(2, cl.execute("models", "list"));
    assertTrue(
        err.toString().contains("splade models list: --index: is not given"), err.toString());
  }

  @Test
  void rollbackHelpSaysWhatItRestores() {
    String h = help("models", "rollback", "--help");
    assertTrue(h.contains("RESTORE, one commit"), h);
    assertTrue(h.contains("--to-version"), h);
  }
}
