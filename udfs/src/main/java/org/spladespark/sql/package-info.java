/**
 * Spark SQL functions over SPLADE sparse vectors: {@code splade_query}, {@code splade_decode} and
 * {@code splade_dot}. Registered on a session by {@link org.spladespark.sql.SpladeFunctions} or,
 * for every session, by the {@link org.spladespark.sql.SpladeSparkExtensions} session extension.
 */
package org.spladespark.sql;
