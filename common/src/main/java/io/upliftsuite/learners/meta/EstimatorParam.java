package io.upliftsuite.learners.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.util.Iterator;
import java.util.Map;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * A param whose value is an (unfitted) Spark ML estimator: the base learner of a meta-learner stage. It persists as
 * JSON {@code {"class": ..., "uid": ..., "params": {name: value, ...}}} with the explicitly set params of the
 * estimator, so a saved meta-learner (and its model) remembers exactly which base learners it used, and
 * {@code DefaultParamsWriter}/{@code Reader} handle it like any other param. Any estimator whose class has a public
 * {@code (String uid)} constructor and JSON-encodable params works: every MLlib predictor, our uplift forests and
 * the meta-learners themselves (nesting works because this encoding is itself JSON).
 */
public final class EstimatorParam extends Param<Estimator<?>> {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  public EstimatorParam(String parent, String name, String doc) {
    super(parent, name, doc);
  }

  @Override
  public String jsonEncode(Estimator<?> value) {
    ObjectNode node = JSON.createObjectNode();
    node.put("class", value.getClass().getName());
    node.put("uid", value.uid());
    ObjectNode params = node.putObject("params");
    for (Param<?> p : value.params()) {
      if (value.isSet(p)) {
        params.set(p.name(), encodeValue(value, p));
      }
    }
    return node.toString();
  }

  @SuppressWarnings("unchecked")
  private JsonNode encodeValue(Estimator<?> owner, Param<?> p) {
    try {
      return JSON.readTree(((Param<Object>) p).jsonEncode(owner.getOrDefault(p)));
    } catch (scala.NotImplementedError | UnsupportedOperationException e) {
      throw new IllegalArgumentException("Param " + name() + ": can't save base learner " + owner.getClass().getName()
          + " because its param " + p.name() + " has no JSON form (use an MLlib predictor or an uplift learner)", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public Estimator<?> jsonDecode(String json) {
    try {
      JsonNode node = JSON.readTree(json);
      String className = node.get("class").asText();
      Class<?> cls = Class.forName(className, true, classLoader());
      if (!Estimator.class.isAssignableFrom(cls)) {
        throw new IllegalArgumentException("Param " + name() + ": " + className + " is not a Spark ML Estimator");
      }
      Estimator<?> estimator = (Estimator<?>) cls.getConstructor(String.class).newInstance(node.get("uid").asText());
      Iterator<Map.Entry<String, JsonNode>> fields = node.get("params").fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        Param<Object> p = (Param<Object>) estimator.getParam(f.getKey());
        ((Params) estimator).set(p, p.jsonDecode(f.getValue().toString()));
      }
      return estimator;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ClassNotFoundException | NoSuchMethodException | InstantiationException | IllegalAccessException
        | InvocationTargetException e) {
      throw new IllegalArgumentException("Param " + name() + ": can't rebuild base learner from " + json, e);
    }
  }

  private static ClassLoader classLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : EstimatorParam.class.getClassLoader();
  }
}
