/**
 * {@code splade report}: an HTML page with PNG charts (JFreeChart, headless) of the {@code splade
 * stats} tables and, when given, the evaluation metrics. Rendering ({@link
 * org.spladespark.jobs.report.HtmlReport}, {@link org.spladespark.jobs.report.Charts}) is
 * Spark-free; {@link org.spladespark.jobs.report.ReportJob} only reads the tables.
 */
package org.spladespark.jobs.report;
