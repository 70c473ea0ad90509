/**
 * Index maintenance: {@code splade optimize} (compact and re-cluster the published postings after
 * incremental runs) and {@code splade vacuum} (delete unreferenced files, with a retention guard).
 */
package org.spladespark.jobs.maintain;
