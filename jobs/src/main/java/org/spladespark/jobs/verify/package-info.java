/**
 * {@code splade verify}: proves an index's derived tables equal what its {@code doc_vectors}
 * implies ({@link org.spladespark.jobs.verify.VerifyIndexJob}).
 */
package org.spladespark.jobs.verify;
