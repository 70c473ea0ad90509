/**
 * spark-submit entry points, one {@code <Verb><Object>Job} each: {@code main} parses the command
 * line into an immutable, validated options record, then {@code run(spark, options)}.
 */
package org.spladespark.jobs;
