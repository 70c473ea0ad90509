package org.spladespark.jobs.spark;

/**
 * A command whose parsed fields make one validated options record, the record its job runs on:
 * {@link Commands#parse(OptionsCommand, String...)} parses a command line into it, for code and
 * tests.
 *
 * @param <T> the options record
 */
public interface OptionsCommand<T> {
  /** The validated options of the parsed fields; a {@code SpladeException} naming a bad option. */
  T toOptions();
}
