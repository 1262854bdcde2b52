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
  static final List<Treatment> TREATMENTS =
      List.of(new Treatment("email", 0.2), new Treatment("sms", 0.6), new Treatment("voucher", 3.0));

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
        cost[i][t] = TREATMENTS.get(t).unitCost() * (0.8 + 0.4 * r.nextDouble());
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

  /** a_j(i, arm) in natural units, computed here independently of the production code. */
  double coefficient(AllocationConstraint c, int i, int arm) {
    return switch (c.kind()) {
      case COUNT_CAP -> arm == c.treatment() + 1 ? 1 : 0;
      case BUDGET_CAP -> arm == c.treatment() + 1 ? cost[i][c.treatment()] : 0;
      case TOTAL_BUDGET -> arm == 0 ? 0 : cost[i][arm - 1];
      case SALES_FLOOR -> sales[i][arm];
    };
  }

  /** The exact individual-level LP optimum (fractional assignment allowed), solved with ojAlgo. */
  double exactLp(List<AllocationConstraint> constraints) {
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
    for (AllocationConstraint c : constraints) {
      double[] coef = new double[4 * n];
      for (int i = 0; i < n; i++) {
        for (int k = 0; k < 4; k++) {
          coef[4 * i + k] = coefficient(c, i, k);
        }
      }
      if (c.atLeast()) {
        lp.row(all, coef, c.limit(), null);
      } else {
        lp.row(all, coef, null, c.limit());
      }
    }
    LinearProgram.Solution s = lp.maximise();
    if (!s.optimal()) {
      throw new IllegalStateException("exact LP not solved: " + s.state());
    }
    return s.value();
  }
}
