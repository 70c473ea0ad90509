/** The sparse vector type shared by queries, documents, tables and search, and its pruning. */
package org.spladespark.vector;
