package io.upliftsuite.episodes;

import java.io.Serializable;

/** What is known about an in-scope item and its lead at registration (the static part of every episode). */
public record ItemFacts(String itemId, String leadId, long registeredAtMicros, String itemType, double valueEstimate,
    String leadState, String leadAgeBand, String leadAcquisitionChannel, Boolean leadIsCommercial)
    implements Serializable {}
