/**
 * User-facing errors. {@link org.spladespark.errors.SpladeException} is the single place that
 * formats them: subject (input, file, row), problem, fix.
 */
package org.spladespark.errors;
