"""Stub of airflow for AirflowDagsTest: DAG records its arguments and the tasks created inside its context."""
DAGS = []
_CURRENT = []


class DAG:
    def __init__(self, dag_id, **kwargs):
        self.dag_id = dag_id
        self.kwargs = kwargs
        self.tasks = []
        DAGS.append(self)

    def __enter__(self):
        _CURRENT.append(self)
        return self

    def __exit__(self, *exc):
        _CURRENT.pop()
        return False


def _current_dag():
    return _CURRENT[-1] if _CURRENT else None
