/** Spark session construction shared by the CLI, jobs and tests (Delta, offline settings). */
package org.spladespark.jobs.spark;
