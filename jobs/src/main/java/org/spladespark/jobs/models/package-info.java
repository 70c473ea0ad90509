/**
 * Model versions of an index: the {@code models} Delta table ({@link
 * org.spladespark.jobs.models.ModelRegistry}), which model readers use ({@link
 * org.spladespark.jobs.models.ActiveModel}), switching and rolling back in one Delta transaction,
 * and the {@code splade models} command.
 */
package org.spladespark.jobs.models;
