/**
 * The one command-line layer every {@code splade} command shares: picocli mixins for the options
 * several commands take ({@code --master}, {@code --model}, {@code --index}, {@code --graph},
 * {@code --out}, {@code --overwrite}, the corpus options), how a path option is read ({@link
 * org.spladespark.jobs.cli.options.Locations}) and the checks made on the driver before a job reads
 * anything ({@link org.spladespark.jobs.cli.options.Preflight}).
 */
package org.spladespark.jobs.cli.options;
