package org.spladespark.errors;

import java.nio.file.Path;

/**
 * The one exception type users see. Every message names the subject (an input, file, row or
 * option), the problem and the fix, in that order, so that a failed Spark job or CLI run says what
 * to do next without a stack trace.
 */
public final class SpladeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String subject;
  private final String problem;
  private final String fix;

  private SpladeException(String subject, String problem, String fix, Throwable cause) {
    super(format(subject, problem, fix), cause);
    this.subject = subject;
    this.problem = problem;
    this.fix = fix;
  }

  /**
   * A user-facing error.
   *
   * @param subject what is wrong: a file path, an input name, a row id or an option
   * @param problem what was found, e.g. "header length 9999 is larger than the file (120 bytes)"
   * @param fix what the user should do, e.g. "re-download the model"
   */
  public static SpladeException of(String subject, String problem, String fix) {
    return new SpladeException(subject, problem, fix, null);
  }

  /** As {@link #of(String, String, String)}, keeping the underlying cause for the log. */
  public static SpladeException of(String subject, String problem, String fix, Throwable cause) {
    return new SpladeException(subject, problem, fix, cause);
  }

  /**
   * An operation on {@code subject} that failed with {@code cause}: the problem is {@code failed}
   * followed by the cause's message, e.g. {@code cannot read: Permission denied}.
   */
  public static SpladeException failed(String subject, String failed, String fix, Exception cause) {
    return of(subject, failed + ": " + cause.getMessage(), fix, cause);
  }

  /** As {@link #failed(String, String, String, Exception)} on a file. */
  public static SpladeException failed(Path file, String failed, String fix, Exception cause) {
    return failed(file.toString(), failed, fix, cause);
  }

  public String subject() {
    return subject;
  }

  public String problem() {
    return problem;
  }

  public String fix() {
    return fix;
  }

  private static String format(String subject, String problem, String fix) {
    return subject + ": " + problem + ". Fix: " + fix;
  }
}
