/**
 * Checks of the deployment files under {@code deploy/} (spark-submit scripts, Kubernetes manifests,
 * the executor image, the Airflow DAG settings and the Databricks job) against the code they
 * launch: main class, CLI subcommands and options, the no-call-home environment, Delta and GPU
 * settings, and the shaded jar's name. Spark-free: the files are parsed, the scripts run in dry-run
 * mode.
 */
package org.spladespark.jobs.deploy;
