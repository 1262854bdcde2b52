"""Stub of SparkSubmitOperator for AirflowDagsTest: records its arguments and >> / << dependencies."""
import airflow


class SparkSubmitOperator:
    def __init__(self, task_id, **kwargs):
        self.task_id = task_id
        self.kwargs = kwargs
        self.upstream = []
        self.dag = airflow._current_dag()
        if self.dag is None:
            raise RuntimeError("task " + task_id + " created outside a DAG context")
        self.dag.tasks.append(self)

    def _depends(self, other, upstream):
        others = other if isinstance(other, (list, tuple)) else [other]
        for o in others:
            if upstream:
                self.upstream.append(o.task_id)
            else:
                o.upstream.append(self.task_id)
        return other

    def __rshift__(self, other):
        return self._depends(other, upstream=False)

    def __lshift__(self, other):
        return self._depends(other, upstream=True)

    def __rrshift__(self, other):
        return self._depends(other, upstream=True)

    def __rlshift__(self, other):
        return self._depends(other, upstream=False)
