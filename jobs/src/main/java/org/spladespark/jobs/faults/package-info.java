/**
 * Named points in the jobs where the crash-safety tests make a run fail or stop (a task failing on
 * its first attempt, a JVM paused mid-write so a test can kill it). Inert unless a test sets them.
 */
package org.spladespark.jobs.faults;
