package io.upliftsuite.runs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.upliftsuite.spark.DeltaTables;
import io.upliftsuite.spark.TableFormat;
import io.upliftsuite.spark.TableLocation;
import io.upliftsuite.spark.WriteStaging;
import java.util.List;

/**
 * What a run unit commits, written once every write is staged and before the first commit: with it, anyone can
 * finish the unit's commits if the run dies half-way ({@link RunRecovery}).
 *
 * @param txnVersion the unit's version for Delta's idempotent writes: a step repeated by recovery, or a step of an
 *     older run of the same job and date, is skipped by Delta once a step with this or a newer version committed
 */
public record RunManifest(String runId, String job, String runDate, long txnVersion, List<Step> steps) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One staged write, in commit order.
   *
   * @param appId Delta transaction app id of the step: job, run date and table (+ occurrence in the unit)
   * @param staged the staged rows (a Delta table under the unit's folder)
   */
  public record Step(String table, String path, WriteStaging.Mode mode, String predicate, List<String> keys,
      List<String> partitionColumns, String appId, String staged) {

    DeltaTables.Write write() {
      return new DeltaTables.Write(location(), mode, predicate, keys, partitionColumns);
    }

    TableLocation location() {
      return new TableLocation(table, path, TableFormat.DELTA);
    }
  }

  public List<String> tables() {
    return steps.stream().map(Step::table).toList();
  }

  String toJson() {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static RunManifest fromJson(String json) {
    try {
      return JSON.readValue(json, RunManifest.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Unreadable run manifest: " + e.getOriginalMessage(), e);
    }
  }
}
