package org.spladespark.jobs.search;

/**
 * What a batch search did.
 *
 * @param plan the plan that ran
 * @param planReason why that plan
 * @param modelId the index model id searched
 * @param queries number of queries
 * @param emptyQueries queries whose vector is empty (no known token): they have no hits
 * @param hits result rows written
 */
public record SearchReport(
    Plan plan, String planReason, String modelId, int queries, int emptyQueries, long hits) {}
