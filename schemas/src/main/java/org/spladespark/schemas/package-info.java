/** Delta table schemas, their row records and the table format version. */
package org.spladespark.schemas;
