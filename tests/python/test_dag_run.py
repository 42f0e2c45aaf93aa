"""Real Airflow runs one day of the DAG end to end (`airflow dags test`), in local mode.

A stand-in `bin/brightstar` records each call instead of starting Spark, so this checks what
parsing alone cannot: Airflow renders {{ ds }} at run time, runs each job in the Brightstar
home with the exported paths, and only after its upstream jobs. Each test starts from a copy of
a SQLite metadata database migrated once per test run (conftest.airflow_home).
"""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import REPO, airflow

STAND_IN = """#!/usr/bin/env bash
echo "$PWD|${BRIGHTSTAR_WAREHOUSE:-}|$*" >> "$BRIGHTSTAR_CALLS"
"""


def stand_in_environment(tmp_path, airflow_home):
    home = tmp_path / "brightstar"
    (home / "bin").mkdir(parents=True)
    launcher = home / "bin" / "brightstar"
    launcher.write_text(STAND_IN)
    launcher.chmod(0o755)
    calls = tmp_path / "calls.txt"
    return home, calls, {
        **os.environ,
        "AIRFLOW_HOME": str(airflow_home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(REPO / "dags"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "BRIGHTSTAR_HOME": str(home),
        "BRIGHTSTAR_WAREHOUSE": str(tmp_path / "warehouse"),
        "BRIGHTSTAR_CALLS": str(calls),
    }


def test_airflow_runs_every_job_of_the_day_in_order_in_the_home(tmp_path, airflow_home):
    home, calls, environment = stand_in_environment(tmp_path, airflow_home)

    airflow(["dags", "test", "brightstar_daily", "2025-03-31"], environment)

    lines = calls.read_text().splitlines()
    assert {line.split("|")[0] for line in lines} == {str(home)}
    assert {line.split("|")[1] for line in lines} == {str(tmp_path / "warehouse")}
    commands = [line.split("|")[2] for line in lines]
    assert sorted(commands[:4]) == [
        "ingest --source finance --date 2025-03-31",
        "ingest --source marketing --date 2025-03-31",
        "ingest --source sales --date 2025-03-31",
        "ingest --source support --date 2025-03-31",
    ]
    assert commands[4:] == [
        "unify --date 2025-03-31",
        "clv --as-of 2025-03-31",
        "customer360 --as-of 2025-03-31",
        "features --as-of 2025-03-31",
        "train --as-of 2025-03-31",
        "insights --as-of 2025-03-31",
        "score --as-of 2025-03-31",
        "interventions --as-of 2025-03-31",
    ]


def test_a_run_date_before_the_start_date_fails_loudly_and_runs_no_job(tmp_path, airflow_home):
    # The demo's history is 2023-2024 and the default start_date its first day; a run for the
    # day before must fail, not report an empty success (Airflow's own start_date behaviour).
    _, calls, environment = stand_in_environment(tmp_path, airflow_home)

    output = airflow(
        ["dags", "test", "brightstar_daily", "2022-12-31"], environment, expect_success=False
    )

    assert "run date 2022-12-31 is before this DAG's start_date 2023-01-01" in output
    assert "BRIGHTSTAR_AIRFLOW_START_DATE" in output
    assert not calls.exists()


def test_a_run_with_train_false_stops_after_customer360(tmp_path, airflow_home):
    _, calls, environment = stand_in_environment(tmp_path, airflow_home)

    airflow(["dags", "test", "brightstar_daily", "2025-03-31", "-c", '{"train": false}'],
            environment)

    commands = [line.split("|")[2] for line in calls.read_text().splitlines()]
    assert commands[4:] == [
        "unify --date 2025-03-31",
        "clv --as-of 2025-03-31",
        "customer360 --as-of 2025-03-31",
    ]
