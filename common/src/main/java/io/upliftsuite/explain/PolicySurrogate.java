package io.upliftsuite.explain;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.DecisionTreeClassificationModel;
import org.apache.spark.ml.classification.DecisionTreeClassifier;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.tree.CategoricalSplit;
import org.apache.spark.ml.tree.ContinuousSplit;
import org.apache.spark.ml.tree.InternalNode;
import org.apache.spark.ml.tree.LeafNode;
import org.apache.spark.ml.tree.Node;
import org.apache.spark.ml.tree.Split;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * A shallow decision tree that imitates a policy's decisions, for people who want to know "when does it say
 * contact?": MLlib's {@link DecisionTreeClassifier} (at most 4 levels, the depth chosen on validation items, 0 = the
 * constant rule when no tree does better) fitted to the policy's recommendations from the decision points'
 * features, its fidelity (agreement with the policy) measured on held-out items, and the leaves written as readable
 * rules ("stage in {label_sent} AND hours_since_registration &lt;= 30.5").
 *
 * <p>Categorical features are indexed alphabetically (so a rule names categories, not indices) and split as sets;
 * numeric ones by thresholds. Rows are split into training and held-out items by a hash of item_id and the seed, so
 * the split is reproducible and an item never sits on both sides.
 */
public final class PolicySurrogate {
  static final String LABEL = "_surrogate_label";
  static final String FEATURES = "_surrogate_features";
  static final String MISSING = "(missing)";

  /** The fitted surrogate and its fidelity. */
  public record Result(List<PolicyRule> rules, TreeView tree, long trainingRows, long holdoutRows,
      long holdoutAgreements, double trainingAccuracy, double holdoutContactShare, int depth) {
    /** Share of held-out rows on which the tree and the policy agree. */
    public double fidelity() {
      return holdoutRows == 0 ? Double.NaN : (double) holdoutAgreements / holdoutRows;
    }

    /** Agreement of the best constant rule on the held-out rows (what the fidelity must beat to mean anything). */
    public double majorityBaseline() {
      return Math.max(holdoutContactShare, 1 - holdoutContactShare);
    }
  }

  private final Dataset<Row> rows;
  private List<String> numeric = List.of();
  private List<String> categorical = List.of();
  private String decisionCol = "recommendation";
  private String positive = "contact";
  private String negative = "no_contact";
  private int maxDepth = 3;
  private int minInstancesPerNode = 20;
  private double holdoutShare = 0.3;
  private long seed = 42;

  private PolicySurrogate(Dataset<Row> rows) {
    this.rows = rows;
  }

  /** @param rows one row per decision with its features, {@code item_id} and the decision column */
  public static PolicySurrogate of(Dataset<Row> rows) {
    return new PolicySurrogate(Objects.requireNonNull(rows, "rows"));
  }

  public PolicySurrogate features(List<String> numericCols, List<String> categoricalCols) {
    this.numeric = List.copyOf(numericCols);
    this.categorical = List.copyOf(categoricalCols);
    return this;
  }

  /** The decision column and its two values (default: recommendation, contact / no_contact). */
  public PolicySurrogate decision(String column, String positiveValue, String negativeValue) {
    this.decisionCol = column;
    this.positive = positiveValue;
    this.negative = negativeValue;
    return this;
  }

  public PolicySurrogate maxDepth(int d) {
    if (d < 1 || d > 4) {
      throw new IllegalArgumentException("Config key 'explain.max-depth' = " + d + ": must be in 1..4 (a readable "
          + "tree)");
    }
    this.maxDepth = d;
    return this;
  }

  public PolicySurrogate minInstancesPerNode(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("Config key 'explain.min-instances-per-node' = " + n + ": must be >= 1");
    }
    this.minInstancesPerNode = n;
    return this;
  }

  public PolicySurrogate holdoutShare(double s) {
    if (!(s > 0 && s < 1)) {
      throw new IllegalArgumentException("Config key 'explain.holdout-share' = " + s + ": must be in (0, 1)");
    }
    this.holdoutShare = s;
    return this;
  }

  public PolicySurrogate seed(long s) {
    this.seed = s;
    return this;
  }

  public Result fit() {
    if (numeric.isEmpty() && categorical.isEmpty()) {
      throw new IllegalArgumentException("The surrogate tree needs at least one feature column");
    }
    List<Column> cols = new ArrayList<>();
    cols.add(col("item_id"));
    cols.add(when(col(decisionCol).equalTo(positive), 1.0).otherwise(0.0).as(LABEL));
    for (String c : numeric) {
      cols.add(coalesce(col("`" + c + "`").cast(DataTypes.DoubleType), lit(0.0)).as(c));
    }
    for (String c : categorical) {
      cols.add(coalesce(col("`" + c + "`"), lit(MISSING)).as(c));
    }
    Dataset<Row> data = rows.select(cols.toArray(Column[]::new))
        .withColumn("_holdout", pmod(xxhash64(col("item_id"), lit(seed)), lit(1000L)).lt(holdoutShare * 1000));
    data = data.persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
    try {
      Dataset<Row> training = data.where(col("_holdout").unary_$bang());
      Dataset<Row> holdout = data.where(col("_holdout"));
      int depth = chooseDepth(training);
      if (depth == 0) {
        return constantRule(training, holdout);
      }
      PipelineModel fitted = pipeline(depth).fit(training);
      DecisionTreeClassificationModel tree =
          (DecisionTreeClassificationModel) fitted.stages()[fitted.stages().length - 1];
      List<String> names = new ArrayList<>(numeric);
      names.addAll(categorical);
      String[][] labels = new String[names.size()][];
      if (!categorical.isEmpty()) {
        String[][] fittedLabels = ((StringIndexerModel) fitted.stages()[0]).labelsArray();
        for (int i = 0; i < categorical.size(); i++) {
          labels[numeric.size() + i] = fittedLabels[i];
        }
      }

      Row train = agreement(fitted.transform(training));
      Row held = agreement(fitted.transform(holdout));
      Describer describer = new Describer(names, labels);
      TreeView view = describer.view(tree.rootNode());
      List<PolicyRule> rules = new ArrayList<>();
      describer.rules(tree.rootNode(), new ArrayList<>(), rules);
      long trainRows = train.getLong(0);
      long heldRows = held.getLong(0);
      return new Result(rules, view, trainRows, heldRows, heldRows == 0 ? 0 : held.getLong(1),
          trainRows == 0 ? Double.NaN : train.getLong(1) / (double) trainRows,
          heldRows == 0 ? Double.NaN : held.getLong(2) / (double) heldRows, view.depth());
    } finally {
      data.unpersist(false);
    }
  }

  /**
   * The depth (0 = the constant rule, 1..maxDepth) whose tree agrees best with the policy on a validation quarter of
   * the training items, fitted on the other three quarters; ties go to the shallower. A deeper tree always fits the
   * training rows better, and on a small experiment it may fit noise: without this choice a depth-3 tree agreed
   * with the policy on fewer held-out items than "always the more frequent decision" (ClosedLoopTest). The held-out
   * items stay untouched, so the fidelity reported on them is not flattered by the choice.
   */
  private int chooseDepth(Dataset<Row> training) {
    Column validation = pmod(xxhash64(col("item_id"), lit(seed + 1)), lit(1000L)).lt(250);
    Dataset<Row> fit = training.where(validation.unary_$bang());
    Dataset<Row> check = training.where(validation);
    Row fitCounts = agreement(fit.withColumn("_surrogate_prediction", lit(0.0)));
    Row checkCounts = agreement(check.withColumn("_surrogate_prediction", lit(0.0)));
    long fitRows = fitCounts.getLong(0);
    long checkRows = checkCounts.getLong(0);
    if (checkRows == 0 || fitRows == 0) {
      return maxDepth; // too few items to choose: the configured depth, as asked
    }
    // the constant rule: the more frequent decision of the fitting rows
    boolean contactMajority = fitCounts.getLong(2) * 2 > fitRows;
    long best = contactMajority ? checkCounts.getLong(2) : checkRows - checkCounts.getLong(2);
    int bestDepth = 0;
    for (int d = 1; d <= maxDepth; d++) {
      long hits = agreement(pipeline(d).fit(fit).transform(check)).getLong(1);
      if (hits > best) {
        best = hits;
        bestDepth = d;
      }
    }
    return bestDepth;
  }

  /** The depth-0 explanation: every row gets the more frequent decision of the training rows. */
  private Result constantRule(Dataset<Row> training, Dataset<Row> holdout) {
    Row train = agreement(training.withColumn("_surrogate_prediction", lit(0.0)));
    Row held = agreement(holdout.withColumn("_surrogate_prediction", lit(0.0)));
    long trainRows = train.getLong(0);
    long heldRows = held.getLong(0);
    long trainContacts = train.getLong(2);
    boolean contact = trainContacts * 2 > trainRows;
    String decision = contact ? positive : negative;
    double share = trainRows == 0 ? 0 : trainContacts / (double) trainRows;
    long heldContacts = held.getLong(2);
    long heldAgree = contact ? heldContacts : heldRows - heldContacts;
    long trainAgree = contact ? trainContacts : trainRows - trainContacts;
    return new Result(List.of(new PolicyRule(1, "all rows", decision, trainRows, share)),
        TreeView.leaf(decision, trainRows, share), trainRows, heldRows, heldAgree,
        trainRows == 0 ? Double.NaN : trainAgree / (double) trainRows,
        heldRows == 0 ? Double.NaN : heldContacts / (double) heldRows, 0);
  }

  /** Index the categories (alphabetically), assemble, and a decision tree of at most {@code depth} levels. */
  private Pipeline pipeline(int depth) {
    List<PipelineStage> stages = new ArrayList<>();
    List<String> inputs = new ArrayList<>(numeric);
    if (!categorical.isEmpty()) {
      stages.add(new StringIndexer().setInputCols(categorical.toArray(String[]::new))
          .setOutputCols(categorical.stream().map(c -> c + "__cat").toArray(String[]::new))
          .setStringOrderType("alphabetAsc").setHandleInvalid("keep"));
      categorical.forEach(c -> inputs.add(c + "__cat"));
    }
    stages.add(new VectorAssembler().setInputCols(inputs.toArray(String[]::new)).setOutputCol(FEATURES));
    stages.add(new DecisionTreeClassifier().setFeaturesCol(FEATURES).setLabelCol(LABEL).setMaxDepth(depth)
        .setMinInstancesPerNode(minInstancesPerNode).setMaxBins(64).setSeed(seed)
        .setPredictionCol("_surrogate_prediction").setRawPredictionCol("_surrogate_raw")
        .setProbabilityCol("_surrogate_probability"));
    return new Pipeline().setStages(stages.toArray(PipelineStage[]::new));
  }

  private static Row agreement(Dataset<Row> scored) {
    Row r = scored.agg(count(lit(1)), sum(when(col("_surrogate_prediction").equalTo(col(LABEL)), 1L).otherwise(0L)),
        sum(when(col(LABEL).equalTo(1.0), 1L).otherwise(0L))).first();
    return r.isNullAt(1) ? org.apache.spark.sql.RowFactory.create(r.getLong(0), 0L, 0L) : r;
  }

  /** Turns MLlib nodes into readable tests, rules and a drawable tree. */
  private final class Describer {
    private final List<String> names;
    private final String[][] labels;

    Describer(List<String> names, String[][] labels) {
      this.names = names;
      this.labels = labels;
    }

    TreeView view(Node node) {
      if (node instanceof LeafNode leaf) {
        return TreeView.leaf(decisionOf(leaf), rowsOf(leaf), contactShareOf(leaf));
      }
      InternalNode in = (InternalNode) node;
      return new TreeView(test(in.split(), true), view(in.leftChild()), view(in.rightChild()), null,
          rowsOf(node), contactShareOf(node));
    }

    void rules(Node node, List<Condition> path, List<PolicyRule> out) {
      if (node instanceof LeafNode leaf) {
        out.add(new PolicyRule(out.size() + 1, simplify(path), decisionOf(leaf), rowsOf(leaf), contactShareOf(leaf)));
        return;
      }
      InternalNode in = (InternalNode) node;
      List<Condition> left = new ArrayList<>(path);
      left.add(new Condition(in.split(), true));
      rules(in.leftChild(), left, out);
      List<Condition> right = new ArrayList<>(path);
      right.add(new Condition(in.split(), false));
      rules(in.rightChild(), right, out);
    }

    /** Merges the conditions on one feature: the tightest bounds of a numeric feature, the common categories. */
    String simplify(List<Condition> path) {
      if (path.isEmpty()) {
        return "all rows";
      }
      Map<Integer, double[]> bounds = new LinkedHashMap<>();
      Map<Integer, TreeSet<Integer>> sets = new LinkedHashMap<>();
      for (Condition c : path) {
        int f = c.split().featureIndex();
        if (c.split() instanceof ContinuousSplit s) {
          double[] b = bounds.computeIfAbsent(f, k -> new double[] {Double.NEGATIVE_INFINITY,
              Double.POSITIVE_INFINITY});
          if (c.left()) {
            b[1] = Math.min(b[1], s.threshold());
          } else {
            b[0] = Math.max(b[0], s.threshold());
          }
        } else {
          TreeSet<Integer> allowed = categories((CategoricalSplit) c.split(), c.left());
          sets.merge(f, allowed, (a, b) -> {
            a.retainAll(b);
            return a;
          });
        }
      }
      List<String> parts = new ArrayList<>();
      for (Map.Entry<Integer, double[]> e : bounds.entrySet()) {
        String name = names.get(e.getKey());
        double lo = e.getValue()[0];
        double hi = e.getValue()[1];
        if (lo > Double.NEGATIVE_INFINITY && hi < Double.POSITIVE_INFINITY) {
          parts.add(num(lo) + " < " + name + " <= " + num(hi));
        } else if (hi < Double.POSITIVE_INFINITY) {
          parts.add(name + " <= " + num(hi));
        } else {
          parts.add(name + " > " + num(lo));
        }
      }
      for (Map.Entry<Integer, TreeSet<Integer>> e : sets.entrySet()) {
        parts.add(names.get(e.getKey()) + " in " + categoryNames(e.getKey(), e.getValue()));
      }
      return String.join(" AND ", parts);
    }

    String test(Split split, boolean left) {
      String name = names.get(split.featureIndex());
      if (split instanceof ContinuousSplit s) {
        return left ? name + " <= " + num(s.threshold()) : name + " > " + num(s.threshold());
      }
      return name + " in " + categoryNames(split.featureIndex(), categories((CategoricalSplit) split, left));
    }

    private TreeSet<Integer> categories(CategoricalSplit s, boolean left) {
      TreeSet<Integer> out = new TreeSet<>();
      for (double v : left ? s.leftCategories() : s.rightCategories()) {
        out.add((int) v);
      }
      return out;
    }

    private String categoryNames(int feature, TreeSet<Integer> indices) {
      String[] l = labels[feature];
      List<String> out = new ArrayList<>();
      for (int i : indices) {
        out.add(l != null && i < l.length ? l[i] : "(unseen)");
      }
      return "{" + String.join(", ", out) + "}";
    }

    private String decisionOf(LeafNode leaf) {
      return leaf.prediction() == 1.0 ? positive : negative;
    }
  }

  private record Condition(Split split, boolean left) {}

  private static long rowsOf(Node node) {
    return Math.round(node.impurityStats().count());
  }

  private static double contactShareOf(Node node) {
    double[] stats = node.impurityStats().stats();
    double total = 0;
    for (double s : stats) {
      total += s;
    }
    return total == 0 || stats.length < 2 ? 0 : stats[1] / total;
  }

  private static String num(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v)
        : String.format(Locale.ROOT, "%.4g", v);
  }
}
