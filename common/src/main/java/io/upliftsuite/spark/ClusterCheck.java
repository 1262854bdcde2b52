package io.upliftsuite.spark;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.functions;

/**
 * Proves a deployment works end to end: tasks run on the executors, each records the JVM it ran in, and the result
 * is written to and read back from a Delta table. The first thing to run on a new cluster.
 */
public final class ClusterCheck {
  public static final StructType SCHEMA = new StructType()
      .add("run_date", DataTypes.StringType, false)
      .add("task", DataTypes.IntegerType, false)
      .add("executor_id", DataTypes.StringType, false)
      .add("jvm", DataTypes.StringType, false)
      .add("rows", DataTypes.LongType, false);

  public record Result(String driverJvm, List<String> executorJvms, long rowsWritten, long rowsReadBack, String path) {}

  private ClusterCheck() {}

  public static Result run(SparkSession spark, TableLocation table, int tasks, WriteContext context) {
    String runDate = context.runDate().toString();
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < tasks; i++) {
      ids.add(i);
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    var perTask = jsc.parallelize(ids, tasks).mapPartitionsWithIndex((index, it) -> {
      long n = 0;
      while (it.hasNext()) {
        it.next();
        n++;
      }
      String executor = SparkEnv.get() == null ? "unknown" : SparkEnv.get().executorId();
      return List.of(RowFactory.create(runDate, index, executor, currentJvm(), n)).iterator();
    }, true);
    Dataset<Row> rows = spark.createDataFrame(perTask, SCHEMA);
    DeltaTables.replaceWhere(rows, table, "run_date = '" + runDate + "'", List.of("run_date"), context);
    Dataset<Row> back = spark.read().format("delta").load(table.path()).where(functions.col("run_date").equalTo(runDate));
    List<String> jvms = back.select("jvm").distinct().as(Encoders.STRING()).collectAsList();
    long readBack = back.count();
    long written = back.agg(functions.sum("rows")).first().getLong(0);
    return new Result(currentJvm(), List.copyOf(new TreeSet<>(jvms)), written, readBack, table.path());
  }

  /** "pid@host" of this JVM. */
  public static String currentJvm() {
    return ManagementFactory.getRuntimeMXBean().getName();
  }
}
