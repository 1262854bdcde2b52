package io.upliftsuite.learners;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A calibration check of predicted probabilities: rows are grouped into equal-width probability bins and each bin's
 * mean prediction is compared with its observed rate. The expected calibration error is the row-weighted mean of
 * |mean predicted − observed| over bins (0 = perfectly calibrated). One aggregation; only the bins reach the driver.
 */
public record ProbabilityCalibration(List<Bin> bins, double expectedCalibrationError) {

  public record Bin(int index, long rows, double meanPredicted, double observedRate) {}

  public static ProbabilityCalibration of(Dataset<Row> rows, String probabilityCol, String labelCol, int numBins) {
    if (numBins < 1) {
      throw new IllegalArgumentException("calibration bins must be >= 1, got " + numBins);
    }
    List<Row> grouped = rows
        .withColumn("_bin", least(floor(col(probabilityCol).multiply(numBins)), lit(numBins - 1)).cast("int"))
        .groupBy("_bin")
        .agg(count(lit(1)).as("n"), avg(col(probabilityCol)).as("p"), avg(col(labelCol).cast("double")).as("y"))
        .orderBy("_bin")
        .collectAsList();
    List<Bin> bins = new ArrayList<>();
    long total = 0;
    double weightedGap = 0;
    for (Row r : grouped) {
      Bin b = new Bin(r.getInt(0), r.getLong(1), r.getDouble(2), r.getDouble(3));
      bins.add(b);
      total += b.rows();
      weightedGap += b.rows() * Math.abs(b.meanPredicted() - b.observedRate());
    }
    return new ProbabilityCalibration(List.copyOf(bins), total == 0 ? Double.NaN : weightedGap / total);
  }
}
