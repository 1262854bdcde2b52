package io.upliftsuite.registry;

import java.time.LocalDate;

/**
 * One row of {@code models} as the registry needs it.
 *
 * @param path the model folder (its {@code scorer} sub-folder scores new rows)
 * @param statusReason why the status is what it is (null for rows written before the registry existed)
 */
public record RegisteredModel(String modelId, int decisionDay, LocalDate runDate, String path, ModelStatus status,
    String statusReason) {}
