"""The Airflow DAG dags/brightstar_daily.py, parsed by Airflow's own DagBag as a scheduler would.

The expected commands and edges are written out here rather than read from the DAG module,
so a wrong flag or a missing edge in the DAG fails a test instead of being copied into it.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator
from airflow.providers.standard.operators.bash import BashOperator
from airflow.sdk import CronDataIntervalTimetable
from conftest import DAG_FILE, REPO

DAG_ID = "brightstar_daily"
RUN_DATE = "{{ ds }}"

# Task id -> the arguments after `bin/brightstar` (local) or the jar (cluster).
COMMANDS = {
    "ingest_finance": ["ingest", "--source", "finance", "--date", RUN_DATE],
    "ingest_sales": ["ingest", "--source", "sales", "--date", RUN_DATE],
    "ingest_marketing": ["ingest", "--source", "marketing", "--date", RUN_DATE],
    "ingest_support": ["ingest", "--source", "support", "--date", RUN_DATE],
    "unify": ["unify", "--date", RUN_DATE],
    "clv": ["clv", "--as-of", RUN_DATE],
    "customer360": ["customer360", "--as-of", RUN_DATE],
    "features": ["features", "--as-of", RUN_DATE],
    "train": ["train", "--as-of", RUN_DATE],
    "insights": ["insights", "--as-of", RUN_DATE],
    "score": ["score", "--as-of", RUN_DATE],
    "interventions": ["interventions", "--as-of", RUN_DATE],
}

INGESTS = [task_id for task_id in COMMANDS if task_id.startswith("ingest_")]
CHECK = "check_run_date"
GATE = "decide_training"

EDGES = {
    *((CHECK, ingest) for ingest in INGESTS),
    ("ingest_finance", "unify"),
    ("ingest_sales", "unify"),
    ("ingest_marketing", "unify"),
    ("ingest_support", "unify"),
    ("unify", "clv"),
    ("clv", "customer360"),
    ("customer360", GATE),
    (GATE, "features"),
    ("features", "train"),
    ("train", "insights"),
    ("insights", "score"),
    ("score", "interventions"),
}


def only_dag(bag):
    assert bag.import_errors == {}
    assert list(bag.dags) == [DAG_ID]
    return bag.dags[DAG_ID]


def edges(dag):
    return {(task.task_id, down) for task in dag.tasks for down in task.downstream_task_ids}


def import_error(bag):
    assert bag.dags == {}
    (message,) = bag.import_errors.values()
    return message


def test_dag_file_parses_into_exactly_one_dag_without_errors(parse_dags):
    dag = only_dag(parse_dags())

    assert dag.fileloc == str(DAG_FILE)
    assert "brightstar" in dag.tags


def test_each_job_is_one_task_after_the_run_date_check(parse_dags):
    dag = only_dag(parse_dags())

    assert sorted(dag.task_ids) == sorted([CHECK, GATE, *COMMANDS])


def test_ingests_run_in_parallel_then_the_jobs_run_in_pipeline_order(parse_dags):
    dag = only_dag(parse_dags())

    assert edges(dag) == EDGES
    assert all(dag.get_task(task_id).upstream_task_ids == {CHECK} for task_id in INGESTS)


def test_daily_data_interval_schedule_without_catchup_one_run_at_a_time(parse_dags):
    dag = only_dag(parse_dags())

    # Data intervals: the run for day D starts when D is over, with ds = D.
    assert isinstance(dag.timetable, CronDataIntervalTimetable)
    assert dag.timetable.expression == "0 0 * * *"
    assert str(dag.timetable.timezone) == "UTC"
    assert dag.catchup is False
    assert dag.max_active_runs == 1


def test_every_job_retries_with_exponential_back_off_and_has_a_timeout(parse_dags):
    dag = only_dag(parse_dags())

    for task_id in COMMANDS:
        task = dag.get_task(task_id)
        assert (task.retries, task.retry_delay) == (3, timedelta(minutes=5)), task_id
        assert task.retry_exponential_backoff, task_id
        assert task.max_retry_delay == timedelta(hours=1), task_id
        assert task.execution_timeout == timedelta(hours=4), task_id
    # A run date outside the history is not transient: the check fails at once.
    assert dag.get_task(CHECK).retries == 0

    fewer = only_dag(parse_dags(BRIGHTSTAR_AIRFLOW_RETRIES="0"))
    assert {fewer.get_task(task_id).retries for task_id in COMMANDS} == {0}


def test_training_is_behind_a_run_parameter_that_defaults_to_true(parse_dags):
    dag = only_dag(parse_dags())

    assert dag.params["train"] is True
    assert dag.get_task(GATE).downstream_task_ids == {"features"}
    assert dag.get_task(GATE).ignore_downstream_trigger_rules is True


def test_start_date_is_a_setting_checked_by_the_first_task(parse_dags):
    default = only_dag(parse_dags()).get_task(CHECK)
    assert default.op_kwargs == {"ds": RUN_DATE, "start_date": "2023-01-01"}

    dag = only_dag(parse_dags(BRIGHTSTAR_AIRFLOW_START_DATE="20190601"))
    assert dag.get_task(CHECK).op_kwargs["start_date"] == "2019-06-01"
    # Airflow would skip every task of a run before its own start_date and call it a
    # success; the DAG accepts any date and lets check_run_date decide.
    assert dag.start_date.year == 2000


def test_a_start_date_that_is_not_a_date_fails_the_parse(parse_dags):
    message = import_error(parse_dags(BRIGHTSTAR_AIRFLOW_START_DATE="01/06/2019"))

    assert "start_date '01/06/2019' is not a date" in message
    assert "BRIGHTSTAR_AIRFLOW_START_DATE" in message


def test_local_mode_runs_the_launcher_of_the_repository_by_default(parse_dags):
    dag = only_dag(parse_dags())

    launcher = f"{REPO}/bin/brightstar"
    for task_id, args in COMMANDS.items():
        task = dag.get_task(task_id)
        assert isinstance(task, BashOperator)
        assert task.bash_command == " ".join([launcher, *args])
        assert task.cwd == str(REPO)
        assert task.env == {}
        assert task.append_env is True
        assert task.skip_on_exit_code == []


def test_run_date_renders_into_date_and_as_of_flags(parse_dags):
    dag = only_dag(parse_dags(BRIGHTSTAR_HOME="/opt/brightstar"))

    def rendered(task_id):
        task = dag.get_task(task_id)
        return task.render_template(task.bash_command, {"ds": "2025-03-31"})

    launcher = "/opt/brightstar/bin/brightstar"
    assert rendered("ingest_sales") == f"{launcher} ingest --source sales --date 2025-03-31"
    assert rendered("unify") == f"{launcher} unify --date 2025-03-31"
    assert rendered("score") == f"{launcher} score --as-of 2025-03-31"


def test_local_mode_exports_only_the_paths_that_are_set(parse_dags):
    dag = only_dag(
        parse_dags(
            BRIGHTSTAR_HOME="/opt/brightstar",
            BRIGHTSTAR_WAREHOUSE="/data/warehouse",
            BRIGHTSTAR_CONFIG="/etc/brightstar/prod.conf",
        )
    )

    task = dag.get_task("customer360")
    assert task.bash_command == f"/opt/brightstar/bin/brightstar customer360 --as-of {RUN_DATE}"
    assert task.cwd == "/opt/brightstar"
    assert task.env == {
        "BRIGHTSTAR_WAREHOUSE": "/data/warehouse",
        "BRIGHTSTAR_CONFIG": "/etc/brightstar/prod.conf",
    }


def test_a_home_with_spaces_is_quoted_for_bash(parse_dags):
    dag = only_dag(parse_dags(BRIGHTSTAR_HOME="/opt/bright star"))

    assert (
        dag.get_task("unify").bash_command
        == f"'/opt/bright star/bin/brightstar' unify --date {RUN_DATE}"
    )


def test_variable_keys_win_over_environment_variables(parse_dags):
    settings = {"home": "/srv/brightstar", "landing": "/data/landing"}
    dag = only_dag(
        parse_dags(
            AIRFLOW_VAR_BRIGHTSTAR=json.dumps(settings),
            BRIGHTSTAR_HOME="/opt/ignored",
            BRIGHTSTAR_LANDING="/ignored/landing",
            BRIGHTSTAR_WAREHOUSE="/data/warehouse",
        )
    )

    task = dag.get_task("unify")
    assert task.bash_command == f"/srv/brightstar/bin/brightstar unify --date {RUN_DATE}"
    assert task.env == {
        "BRIGHTSTAR_WAREHOUSE": "/data/warehouse",
        "BRIGHTSTAR_LANDING": "/data/landing",
    }


def test_cluster_mode_submits_the_jar_with_main_class_packages_and_connection(parse_dags):
    settings = {
        "mode": "cluster",
        "jar": "s3a://brightstar-artifacts/brightstar.jar",
        "spark_conn_id": "spark_prod",
        "config": "conf/cluster-s3.conf",
    }
    dag = only_dag(parse_dags(AIRFLOW_VAR_BRIGHTSTAR=json.dumps(settings)))

    assert edges(dag) == EDGES
    for task_id, args in COMMANDS.items():
        task = dag.get_task(task_id)
        assert isinstance(task, SparkSubmitOperator), task_id
        assert task.application == "s3a://brightstar-artifacts/brightstar.jar"
        # java_class and conn_id are not templated, so the operator keeps them private.
        assert task._java_class == "brightstar.cli.Main"
        assert task._conn_id == "spark_prod"
        assert task.packages == (
            "io.delta:delta-spark_2.13:4.0.1,org.apache.hadoop:hadoop-aws:3.4.1"
        )
        assert task.application_args == [*args, "--config", "conf/cluster-s3.conf"]
        assert task.name == f"brightstar-{task_id}"


def test_cluster_mode_defaults_to_the_built_jar_and_spark_default(parse_dags):
    dag = only_dag(parse_dags(BRIGHTSTAR_AIRFLOW_MODE="cluster"))

    task = dag.get_task("train")
    assert task.application == f"{REPO}/target/brightstar.jar"
    assert task._conn_id == "spark_default"
    assert task.application_args == ["train", "--as-of", RUN_DATE]
    assert "cluster" in dag.tags


def test_cluster_mode_passes_paths_as_flags_after_the_command(parse_dags):
    dag = only_dag(
        parse_dags(
            BRIGHTSTAR_AIRFLOW_MODE="cluster",
            BRIGHTSTAR_WAREHOUSE="s3a://lake/warehouse",
            BRIGHTSTAR_LANDING="s3a://lake/landing",
        )
    )

    assert dag.get_task("ingest_support").application_args == [
        "ingest", "--source", "support", "--date", RUN_DATE,
        "--warehouse", "s3a://lake/warehouse", "--landing", "s3a://lake/landing",
    ]


@pytest.mark.parametrize(
    ("mode", "operator", "command"),
    [
        ("local", "BashOperator", f"{REPO}/bin/brightstar clv --as-of {RUN_DATE}"),
        ("cluster", "SparkSubmitOperator", ["clv", "--as-of", RUN_DATE]),
    ],
    ids=["local", "cluster"],
)
def test_dag_survives_the_serialization_the_scheduler_runs_from(
    parse_dags, mode, operator, command
):
    from airflow.serialization.serialized_objects import DagSerialization

    dag = only_dag(parse_dags(BRIGHTSTAR_AIRFLOW_MODE=mode))
    stored = DagSerialization.from_dict(DagSerialization.to_dict(dag))

    assert edges(stored) == EDGES
    task = stored.get_task("clv")
    assert task.task_type == operator
    field = "bash_command" if mode == "local" else "application_args"
    assert getattr(task, field) == command


def test_unknown_mode_fails_the_parse_and_names_the_choices(parse_dags):
    message = import_error(parse_dags(BRIGHTSTAR_AIRFLOW_MODE="yarn"))

    assert "unknown Brightstar deployment mode 'yarn'" in message
    assert "('local', 'cluster')" in message


def test_misspelt_variable_key_fails_the_parse_and_names_it(parse_dags):
    bag = parse_dags(AIRFLOW_VAR_BRIGHTSTAR=json.dumps({"warehose": "/data/warehouse"}))

    assert "unknown keys ['warehose']" in import_error(bag)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("cluster", "is not valid JSON"), ('["cluster"]', "must be a JSON object, not list")],
    ids=["bare-word", "list"],
)
def test_variable_that_is_not_a_json_object_fails_the_parse(parse_dags, value, expected):
    assert expected in import_error(parse_dags(AIRFLOW_VAR_BRIGHTSTAR=value))


@pytest.mark.parametrize("mode", ["local", "cluster"])
def test_parsing_starts_no_process_opens_no_connection_and_is_fast(parse_dags, monkeypatch, mode):
    parse_dags(BRIGHTSTAR_AIRFLOW_MODE=mode)  # warm up: Airflow's and the operators' imports
    attempts = []

    def refuse(name):
        def call(*args, **kwargs):
            attempts.append(name)
            raise AssertionError(f"parsing the DAG called {name}")

        return call

    monkeypatch.setattr(subprocess, "Popen", refuse("subprocess.Popen"))
    monkeypatch.setattr(os, "system", refuse("os.system"))
    monkeypatch.setattr(os, "fork", refuse("os.fork"))
    monkeypatch.setattr(os, "posix_spawn", refuse("os.posix_spawn"))
    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))

    started = time.perf_counter()
    bag = parse_dags(BRIGHTSTAR_AIRFLOW_MODE=mode)
    elapsed = time.perf_counter() - started

    only_dag(bag)
    assert attempts == []
    assert "pyspark" not in sys.modules
    # A scheduler re-parses every file every 30 s by default; building 9 operators takes
    # milliseconds, so a second means the file started doing work at import.
    assert elapsed < 1.0, f"parsing took {elapsed:.2f} s"
