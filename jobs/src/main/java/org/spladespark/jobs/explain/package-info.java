/** {@code splade explain}: the per-token contributions to one document's score for a query. */
package org.spladespark.jobs.explain;
