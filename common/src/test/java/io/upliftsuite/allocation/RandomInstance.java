package io.upliftsuite.allocation;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A small random allocation instance held both as arrays (for the exact individual-level LP solved in the test)
 * and as a scores DataFrame (for the allocator). Three treatments with increasing cost and uplift, per-customer
 * weights and costs, sales under every arm, a propensity.
 */
final class RandomInstance {
  static final List<String> TREATMENTS = List.of("email", "sms", "voucher");
  static final double[] UNIT_COST = {0.2, 0.6, 3.0};
  /** The layout of {@link #scores}: objective uplift_t, weight, propensity as score, metrics cost and sales. */
  static final ScoreLayout LAYOUT = new ScoreLayout("customer_id", TREATMENTS, "control", "uplift_{arm}", "weight",
      "propensity", List.of(new Metric("cost", "cost_{arm}", null, false),
          new Metric("sales", "sales_{arm}", "sales_control", false)));

  final int n;
  final String[] ids;
  final double[] weight;
  final double[][] uplift; // [i][t]
  final double[][] cost; // [i][t]
  final double[][] sales; // [i][arm], arm 0 = control
  final double[] propensity;

  RandomInstance(int n, long seed) {
    this.n = n;
    Random r = new Random(seed);
    ids = new String[n];
    weight = new double[n];
    uplift = new double[n][3];
    cost = new double[n][3];
    sales = new double[n][4];
    propensity = new double[n];
    for (int i = 0; i < n; i++) {
      ids[i] = String.format("c%06d", i);
      weight[i] = 0.5 + r.nextDouble();
      double latent = r.nextGaussian();
      double base = 20 * Math.exp(0.5 * r.nextGaussian());
      sales[i][0] = base;
      for (int t = 0; t < 3; t++) {
        uplift[i][t] = (t + 1) * (0.5 + latent) + 1.5 * r.nextGaussian();
        cost[i][t] = UNIT_COST[t] * (0.8 + 0.4 * r.nextDouble());
        sales[i][t + 1] = base + uplift[i][t];
      }
      propensity[i] = 1 / (1 + Math.exp(-(latent + 0.3 * r.nextGaussian())));
    }
  }

  static final StructType SCHEMA = new StructType()
      .add("customer_id", DataTypes.StringType)
      .add("weight", DataTypes.DoubleType)
      .add("uplift_email", DataTypes.DoubleType)
      .add("uplift_sms", DataTypes.DoubleType)
      .add("uplift_voucher", DataTypes.DoubleType)
      .add("cost_email", DataTypes.DoubleType)
      .add("cost_sms", DataTypes.DoubleType)
      .add("cost_voucher", DataTypes.DoubleType)
      .add("sales_control", DataTypes.DoubleType)
      .add("sales_email", DataTypes.DoubleType)
      .add("sales_sms", DataTypes.DoubleType)
      .add("sales_voucher", DataTypes.DoubleType)
      .add("propensity", DataTypes.DoubleType);

  Dataset<Row> scores(SparkSession spark) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(RowFactory.create(ids[i], weight[i], uplift[i][0], uplift[i][1], uplift[i][2], cost[i][0], cost[i][1],
          cost[i][2], sales[i][0], sales[i][1], sales[i][2], sales[i][3], propensity[i]));
    }
    return spark.createDataFrame(rows, SCHEMA).repartition(3);
  }

  double value(int i, int arm) {
    return arm == 0 ? 0 : weight[i] * uplift[i][arm - 1];
  }

  /** a_j(i, arm) in natural units, computed here from the spec independently of the production code. */
  double coefficient(ConstraintSpec c, int i, int arm) {
    if (!c.arms().isEmpty() && !c.arms().contains(arm == 0 ? "control" : TREATMENTS.get(arm - 1))) {
      return 0;
    }
    return switch (c.metric()) {
      case "count" -> 1;
      case "cost" -> arm == 0 ? 0 : cost[i][arm - 1];
      case "sales" -> sales[i][arm];
      default -> throw new IllegalArgumentException(c.metric());
    };
  }

  /** The instance as one in-memory block (for tests of the search without Spark). */
  ScoreBlock block() {
    double[] objective = new double[n * 3];
    double[][] metrics = new double[2][n * 4];
    for (int i = 0; i < n; i++) {
      for (int t = 0; t < 3; t++) {
        objective[i * 3 + t] = uplift[i][t];
        metrics[0][i * 4 + t + 1] = cost[i][t];
      }
      for (int k = 0; k < 4; k++) {
        metrics[1][i * 4 + k] = sales[i][k];
      }
    }
    return new ScoreBlock(n, 3, ids.clone(), objective, weight.clone(), metrics, propensity.clone());
  }

  /** The exact individual-level LP optimum (fractional assignment allowed), solved with ojAlgo. */
  double exactLp(List<ConstraintSpec> constraints, List<Double> limits) {
    LinearProgram lp = new LinearProgram();
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < 4; k++) {
        lp.variable(0.0, 1.0, value(i, k));
      }
    }
    for (int i = 0; i < n; i++) {
      lp.row(new int[] {4 * i, 4 * i + 1, 4 * i + 2, 4 * i + 3}, new double[] {1, 1, 1, 1}, 1.0, 1.0);
    }
    int[] all = new int[4 * n];
    for (int v = 0; v < all.length; v++) {
      all[v] = v;
    }
    for (int j = 0; j < constraints.size(); j++) {
      ConstraintSpec c = constraints.get(j);
      double limit = limits.get(j);
      double[] coef = new double[4 * n];
      for (int i = 0; i < n; i++) {
        for (int k = 0; k < 4; k++) {
          coef[4 * i + k] = coefficient(c, i, k);
        }
      }
      if (c.bound().name().startsWith("MIN")) {
        lp.row(all, coef, limit, null);
      } else {
        lp.row(all, coef, null, limit);
      }
    }
    LinearProgram.Solution s = lp.maximise();
    if (!s.optimal()) {
      throw new IllegalStateException("exact LP not solved: " + s.state());
    }
    return s.value();
  }
}
