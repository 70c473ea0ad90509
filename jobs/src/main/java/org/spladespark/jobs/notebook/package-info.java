/**
 * Databricks SQL notebooks (source format) and a local runner: {@link
 * org.spladespark.jobs.notebook.Notebook} parses cells, widgets and statements (Spark-free); {@link
 * org.spladespark.jobs.notebook.NotebookJob} ({@code splade notebook}) executes the SQL cells
 * against local tables and renders the results as HTML.
 */
package org.spladespark.jobs.notebook;
