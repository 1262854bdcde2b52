package io.upliftsuite.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Who is writing: recorded in every Delta commit's userMetadata so a table's history says which job run wrote what.
 * Inside a job, {@code staging} collects the job's writes so they commit together at its end (a run unit); library
 * calls made outside a job have none and commit each write at once.
 */
public record WriteContext(String job, String runId, LocalDate runDate, WriteStaging staging) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public WriteContext(String job, String runId, LocalDate runDate) {
    this(job, runId, runDate, null);
  }

  public static WriteContext of(String job, LocalDate runDate) {
    return new WriteContext(job, job + "-" + runDate + "-" + UUID.randomUUID().toString().substring(0, 8), runDate);
  }

  /** The same run, with its writes collected by {@code s}. */
  public WriteContext withStaging(WriteStaging s) {
    return new WriteContext(job, runId, runDate, s);
  }

  /** The same run, committing each write at once (for a write that must be visible before the job ends). */
  public WriteContext direct() {
    return new WriteContext(job, runId, runDate, null);
  }

  public String userMetadata() {
    return userMetadata(Map.of());
  }

  /** The commit metadata with extra fields (e.g. the step of a run unit). */
  public String userMetadata(Map<String, ?> extra) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("job", job);
    m.put("run_id", runId);
    m.put("run_date", runDate.toString());
    m.putAll(extra);
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The run id recorded in a commit's userMetadata, or null if there is none. */
  public static String runIdOf(String userMetadata) {
    if (userMetadata == null || userMetadata.isBlank()) {
      return null;
    }
    try {
      JsonNode run = JSON.readTree(userMetadata).get("run_id");
      return run == null ? null : run.asText();
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
