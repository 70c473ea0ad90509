/** Test support: the shared local SparkSession. */
package org.spladespark.jobs.testing;
