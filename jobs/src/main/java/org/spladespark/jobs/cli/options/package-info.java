/**
 * The one command-line layer every {@code splade} command shares: picocli mixins for the options
 * several commands take ({@code --master}, {@code --model}, {@code --index}, {@code --graph},
 * {@code --out}, {@code --overwrite}, the corpus options and columns, the batch limits; {@link
 * org.spladespark.jobs.cli.options.IndexSession} for the commands that run one job on an index),
 * how a path option is read ({@link org.spladespark.jobs.cli.options.Locations}) and an enum option
 * ({@link org.spladespark.jobs.cli.options.Choices}), and the checks made on the driver before a
 * job reads anything ({@link org.spladespark.jobs.cli.options.Preflight}).
 *
 * <p>A command's own options take their help text from a properties bundle beside the command
 * (picocli {@code resourceBundle}; the key is the longest option name without dashes), so that an
 * {@code @Option} declares only names and defaults.
 */
package org.spladespark.jobs.cli.options;
