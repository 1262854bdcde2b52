"""Imports the DAG files given as arguments (their folder first on sys.path, like Airflow's DAG folder) against the
stubs next to this file and prints every DAG with its tasks as JSON (for AirflowDagsTest)."""
import importlib.util
import json
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import airflow  # noqa: E402  (the stub)

for path in sys.argv[1:]:
    folder = os.path.dirname(os.path.abspath(path))
    if folder not in sys.path:
        sys.path.insert(1, folder)
    name = os.path.splitext(os.path.basename(path))[0]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)

out = []
for dag in airflow.DAGS:
    start = dag.kwargs.get("start_date")
    out.append({
        "dag_id": dag.dag_id,
        "schedule": dag.kwargs.get("schedule"),
        "schedule_interval": dag.kwargs.get("schedule_interval"),
        "catchup": dag.kwargs.get("catchup"),
        "start_date": start.isoformat() if start is not None else None,
        "start_date_tz": str(start.tzinfo) if start is not None and start.tzinfo is not None else None,
        "tasks": [{"task_id": t.task_id, "application_args": t.kwargs.get("application_args"),
                   "java_class": t.kwargs.get("java_class"), "upstream": sorted(t.upstream)} for t in dag.tasks],
    })
print(json.dumps(out, indent=1))
