package io.upliftsuite.campaign.simulate;

import io.upliftsuite.campaign.CampaignArm;
import io.upliftsuite.campaign.CampaignOutcome;
import io.upliftsuite.campaign.CampaignSettings;
import io.upliftsuite.config.SuiteConfigException;
import io.upliftsuite.spark.DeltaTables;
import io.upliftsuite.spark.TableIO;
import io.upliftsuite.spark.TableLocation;
import io.upliftsuite.spark.WriteContext;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The campaign simulator: a randomised promotion experiment with known potential outcomes. It writes
 * {@code campaign_experiment} (one row per customer in the {@link io.upliftsuite.campaign.ExperimentTable} contract:
 * features, completion score, the randomised arm and the realised outcomes) and {@code campaign_oracle} (one row per
 * customer and arm: the expected completion, sales, reward cost and revenue under that arm), each with one atomic
 * Delta overwrite. Executors generate customers from their index alone ({@link SimulatedCustomer}), so the tables do
 * not depend on partitioning.
 */
public final class CampaignSimulator {
  /** The outcomes the simulator produces, in {@link SimulatedCustomer#expected} order. */
  public static final List<String> OUTCOMES = List.of("completion", "sales", "reward_cost", "revenue");
  public static final String EXPERIMENT = "campaign_experiment";
  public static final String ORACLE = "campaign_oracle";

  public record Result(long customers, long seed, Map<String, Long> armCounts, double seconds) {}

  private final SparkSession spark;
  private CampaignSettings settings;
  private CampaignWorld world;

  private CampaignSimulator(SparkSession spark) {
    this.spark = spark;
  }

  public static CampaignSimulator on(SparkSession spark) {
    return new CampaignSimulator(spark);
  }

  public CampaignSimulator settings(CampaignSettings value) {
    this.settings = value;
    for (CampaignOutcome o : value.outcomes()) {
      if (!OUTCOMES.contains(o.name())) {
        throw new SuiteConfigException("campaign.outcomes: the simulator produces the outcomes " + OUTCOMES
            + ", not '" + o.name() + "'");
      }
    }
    return this;
  }

  public CampaignSimulator world(CampaignWorld value) {
    this.world = value;
    return this;
  }

  /** The experiment table's schema: id, the simulator's features, the score, the arm, the outcome columns. */
  public StructType experimentSchema() {
    StructType t = new StructType().add(settings.customerIdColumn(), DataTypes.StringType, false)
        .add("tenure_months", DataTypes.DoubleType, false)
        .add("orders_12m", DataTypes.DoubleType, false)
        .add("days_since_last_order", DataTypes.DoubleType, false)
        .add("avg_basket", DataTypes.DoubleType, false)
        .add("discount_share", DataTypes.DoubleType, false)
        .add("channel", DataTypes.StringType, false)
        .add("newsletter", DataTypes.IntegerType, false)
        .add(settings.completionScoreColumn(), DataTypes.DoubleType, false)
        .add(settings.armColumn(), DataTypes.StringType, false);
    for (String o : OUTCOMES) {
      t = t.add(outcomeColumn(o), DataTypes.DoubleType, false);
    }
    return t;
  }

  /** The oracle's schema: id, arm, and the expected value of every simulator outcome under that arm. */
  public StructType oracleSchema() {
    StructType t = new StructType().add(settings.customerIdColumn(), DataTypes.StringType, false)
        .add(settings.armColumn(), DataTypes.StringType, false);
    for (String o : OUTCOMES) {
      t = t.add(o, DataTypes.DoubleType, false);
    }
    return t;
  }

  private String outcomeColumn(String simulatorOutcome) {
    for (CampaignOutcome o : settings.outcomes()) {
      if (o.name().equals(simulatorOutcome)) {
        return o.column();
      }
    }
    return simulatorOutcome;
  }

  private int partitions() {
    return world.partitions() > 0 ? world.partitions() : Math.max(1, spark.sparkContext().defaultParallelism() * 2);
  }

  /** The experiment table, lazily. */
  public Dataset<Row> experiment() {
    check();
    long seed = settings.seed();
    CampaignWorld w = world;
    List<CampaignArm> arms = settings.arms();
    double[] cumulative = new double[arms.size()];
    double total = 0;
    for (int k = 0; k < arms.size(); k++) {
      total += arms.get(k).probability();
      cumulative[k] = total;
    }
    MapFunction<Long, Row> row = index -> {
      SimulatedCustomer c = SimulatedCustomer.draw(seed, index, w);
      int arm = c.assignedArm(seed, cumulative);
      double[] y = c.realised(seed, arms.get(arm).reward());
      return RowFactory.create(SimulatedCustomer.id(index), c.tenureMonths, c.orders12m, c.daysSinceLastOrder,
          c.avgBasket, c.discountShare, c.channel, c.newsletter ? 1 : 0, c.completionScore, arms.get(arm).name(), y[0], y[1],
          y[2], y[3]);
    };
    return spark.range(0, w.customers(), 1, partitions()).as(Encoders.LONG())
        .map(row, Encoders.row(experimentSchema()));
  }

  /** The oracle table, lazily: one row per customer and arm. */
  public Dataset<Row> oracle() {
    check();
    long seed = settings.seed();
    CampaignWorld w = world;
    List<CampaignArm> arms = settings.arms();
    FlatMapFunction<Long, Row> rows = index -> {
      SimulatedCustomer c = SimulatedCustomer.draw(seed, index, w);
      List<Row> out = new ArrayList<>(arms.size());
      for (CampaignArm a : arms) {
        double[] e = c.expected(a.reward());
        out.add(RowFactory.create(SimulatedCustomer.id(index), a.name(), e[0], e[1], e[2], e[3]));
      }
      return out.iterator();
    };
    return spark.range(0, w.customers(), 1, partitions()).as(Encoders.LONG())
        .flatMap(rows, Encoders.row(oracleSchema()));
  }

  /** Generates and writes both tables (each one atomic overwrite); returns the customers per arm. */
  public Result execute(Function<String, TableLocation> locations, WriteContext context) {
    long start = System.nanoTime();
    Dataset<Row> experiment = experiment();
    DeltaTables.overwrite(experiment, locations.apply(EXPERIMENT), List.of(), context);
    DeltaTables.overwrite(oracle(), locations.apply(ORACLE), List.of(), context);
    Map<String, Long> counts = new java.util.LinkedHashMap<>();
    settings.armNames().forEach(a -> counts.put(a, 0L));
    Iterator<Row> it = TableIO.read(spark, locations.apply(EXPERIMENT))
        .groupBy(settings.armColumn()).count().toLocalIterator();
    it.forEachRemaining(r -> counts.put(r.getString(0), r.getLong(1)));
    return new Result(world.customers(), settings.seed(), counts, (System.nanoTime() - start) / 1e9);
  }

  private void check() {
    if (settings == null || world == null) {
      throw new IllegalStateException("CampaignSimulator: settings(...) and world(...) are required");
    }
  }
}
