/** The {@code splade} command line: one picocli subcommand per job or local tool. */
package org.spladespark.jobs.cli;
