package io.upliftsuite.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Who is writing: recorded in every Delta commit's userMetadata so a table's history says which job run wrote what. */
public record WriteContext(String job, String runId, LocalDate runDate) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static WriteContext of(String job, LocalDate runDate) {
    return new WriteContext(job, job + "-" + runDate + "-" + UUID.randomUUID().toString().substring(0, 8), runDate);
  }

  public String userMetadata() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("job", job);
    m.put("run_id", runId);
    m.put("run_date", runDate.toString());
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
