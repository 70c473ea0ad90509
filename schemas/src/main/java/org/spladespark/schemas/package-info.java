/**
 * The table layer: every Delta table the pipeline reads or writes, and the one way to reach it.
 *
 * <ul>
 *   <li>One class per table ({@link org.spladespark.schemas.DocVectorsTable}, {@link
 *       org.spladespark.schemas.PostingsTable}, {@link org.spladespark.schemas.TokenStatsTable},
 *       {@link org.spladespark.schemas.RejectedRowsTable}, {@link
 *       org.spladespark.schemas.ModelsTable}, {@link org.spladespark.schemas.SearchResultsTable},
 *       {@link org.spladespark.schemas.StatsTables}): its name, column-name constants, {@code
 *       StructType}, and the conversions between a Spark {@code Row} and its domain type ({@link
 *       org.spladespark.schemas.DocVectorRow}, {@link org.spladespark.schemas.ModelRow}) where Java
 *       code builds or reads whole rows. Tables derived in Spark SQL (postings, token_stats,
 *       rejected_rows, search results) have no row record. Column names shared by several tables
 *       live in {@link org.spladespark.schemas.Columns}. No other package spells a column name.
 *   <li>{@link org.spladespark.schemas.TableRef}: a table by path or catalog name, which reads
 *       (also at a Delta version), creates, replaces rows by predicate ({@link
 *       org.spladespark.schemas.Predicates}), and checks the {@link
 *       org.spladespark.schemas.FormatVersion} with one message.
 *   <li>{@link org.spladespark.schemas.VectorColumns}: the one conversion between the {@code
 *       token_ids}/{@code weights} array columns and {@link org.spladespark.vector.SparseVector}.
 * </ul>
 *
 * <p>Why {@code SparseVector} (package {@code org.spladespark.vector}) and {@code SpladeException}
 * (package {@code org.spladespark.errors}) live in this module: the table layer converts rows to
 * vectors and reports bad rows with the project's three-part errors, and it sits below {@code
 * udfs}. Both are pure Java with no dependency of their own, so they moved down unchanged (same
 * package names) instead of leaving the conversion in {@code udfs}, where {@code jobs}-side readers
 * would have to reach for executor code to read a table.
 */
package org.spladespark.schemas;
