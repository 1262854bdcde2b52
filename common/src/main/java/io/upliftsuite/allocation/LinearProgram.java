package io.upliftsuite.allocation;

import java.util.ArrayList;
import java.util.List;
import org.ojalgo.optimisation.Expression;
import org.ojalgo.optimisation.ExpressionsBasedModel;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.Variable;

/**
 * A small dense-ish LP solved on the driver with ojAlgo: variables with bounds and objective weights, rows with
 * sparse coefficients and lower/upper limits. Only aggregates ever reach it (group sums, a bounded core of
 * customers, cutting planes), never a whole table.
 */
final class LinearProgram {
  private final ExpressionsBasedModel model = new ExpressionsBasedModel();
  private final List<Variable> variables = new ArrayList<>();
  private int rows;

  /** Adds a variable; bounds may be null (unbounded). Returns its index. */
  int variable(Double lower, Double upper, double objectiveWeight) {
    Variable v = model.addVariable("x" + variables.size()).weight(objectiveWeight);
    if (lower != null) {
      v.lower(lower);
    }
    if (upper != null) {
      v.upper(upper);
    }
    variables.add(v);
    return variables.size() - 1;
  }

  /** Adds a row lower &lt;= sum coef*x &lt;= upper (either bound may be null). */
  void row(int[] index, double[] coef, Double lower, Double upper) {
    Expression e = model.addExpression("r" + rows++);
    for (int t = 0; t < index.length; t++) {
      if (coef[t] != 0.0) {
        e.set(variables.get(index[t]), coef[t]);
      }
    }
    if (lower != null) {
      e.lower(lower);
    }
    if (upper != null) {
      e.upper(upper);
    }
  }

  Solution maximise() {
    return solution(model.maximise());
  }

  Solution minimise() {
    return solution(model.minimise());
  }

  private Solution solution(Optimisation.Result result) {
    double[] x = new double[variables.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = result.doubleValue(i);
    }
    return new Solution(result.getState(), result.getValue(), x);
  }

  record Solution(Optimisation.State state, double value, double[] x) {
    boolean optimal() {
      return state.isOptimal() || state == Optimisation.State.DISTINCT;
    }
  }
}
