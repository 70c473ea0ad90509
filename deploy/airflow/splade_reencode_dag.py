"""Nightly SPLADE re-encoding on Spark, then a consistency check of the index.

Two SparkSubmitOperator tasks, ``reencode`` (GPU executors) then ``verify`` (postings and
token_stats equal what doc_vectors implies), run the splade CLI of the shaded jar. The Spark
settings live in ``splade_reencode.json`` next to this file (deploy it alongside); the project's
tests check that file against the code: main class, subcommands and options, the no-call-home
environment, Delta and GPU settings.

The Airflow connection ``spark_splade`` (type Spark) points at the cluster, e.g. host
``k8s://https://kubernetes.default.svc``, port 443, extra ``{"deploy-mode": "cluster"}``.
SparkSubmitOperator turns ``env_vars`` into ``spark.kubernetes.driverEnv.*`` (Kubernetes) or
``spark.yarn.appMasterEnv.*`` (YARN); the executors get theirs from ``spark.executorEnv.*`` in
the conf. Requires apache-airflow-providers-apache-spark.
"""

from __future__ import annotations

import json
from pathlib import Path

import pendulum
from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

SETTINGS = json.loads(
    (Path(__file__).with_name("splade_reencode.json")).read_text(encoding="utf-8")
)

with DAG(
    dag_id=SETTINGS["dag_id"],
    description="Re-encode changed documents into doc_vectors/postings, then verify the index.",
    schedule=SETTINGS["schedule"],
    start_date=pendulum.datetime(2026, 1, 1, tz=SETTINGS["timezone"]),
    catchup=False,
    # Two re-encodes of the same tables would only conflict in Delta.
    max_active_runs=1,
    params=SETTINGS["params"],
    tags=["splade", "spark"],
) as dag:
    previous = None
    for task in SETTINGS["tasks"]:
        current = SparkSubmitOperator(
            task_id=task["task_id"],
            conn_id=SETTINGS["conn_id"],
            application=SETTINGS["application"],
            java_class=SETTINGS["main_class"],
            name=f"splade-{task['task_id']}",
            conf={**SETTINGS["conf"], **task["conf"]},
            env_vars=SETTINGS["env_vars"],
            executor_cores=task["executor_cores"],
            num_executors=task["num_executors"],
            executor_memory=task["executor_memory"],
            application_args=task["args"],
            # A failed re-encode is rerun by the next schedule; Delta keeps the tables consistent.
            retries=0,
        )
        if previous is not None:
            previous >> current
        previous = current
