"""Real Airflow runs one day of the DAG end to end (`airflow dags test`), in local mode.

A stand-in `bin/brightstar` records each call instead of starting Spark, so this checks what
parsing alone cannot: Airflow renders {{ ds }} at run time, runs each job in the Brightstar
home with the exported paths, and only after its upstream jobs. About a minute: a throwaway
SQLite metadata database is migrated first.
"""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import REPO

STAND_IN = """#!/usr/bin/env bash
echo "$PWD|${BRIGHTSTAR_WAREHOUSE:-}|$*" >> "$BRIGHTSTAR_CALLS"
"""


def airflow(args, environment):
    result = subprocess.run(
        [sys.executable, "-m", "airflow", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"airflow {' '.join(args)} failed:\n{output[-4000:]}"


def test_airflow_runs_every_job_of_the_day_in_order_in_the_home(tmp_path):
    home = tmp_path / "brightstar"
    (home / "bin").mkdir(parents=True)
    launcher = home / "bin" / "brightstar"
    launcher.write_text(STAND_IN)
    launcher.chmod(0o755)
    calls = tmp_path / "calls.txt"
    environment = {
        **os.environ,
        "AIRFLOW_HOME": str(tmp_path / "airflow"),
        "AIRFLOW__CORE__DAGS_FOLDER": str(REPO / "dags"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "BRIGHTSTAR_HOME": str(home),
        "BRIGHTSTAR_WAREHOUSE": str(tmp_path / "warehouse"),
        "BRIGHTSTAR_CALLS": str(calls),
    }

    airflow(["db", "migrate"], environment)
    airflow(["dags", "test", "brightstar_daily", "2025-03-31"], environment)

    lines = calls.read_text().splitlines()
    assert {line.split("|")[0] for line in lines} == {str(home)}
    assert {line.split("|")[1] for line in lines} == {str(tmp_path / "warehouse")}
    commands = [line.split("|")[2] for line in lines]
    assert sorted(commands[:5]) == [
        "ingest --source finance --date 2025-03-31",
        "ingest --source marketing --date 2025-03-31",
        "ingest --source prospects --date 2025-03-31",
        "ingest --source sales --date 2025-03-31",
        "ingest --source support --date 2025-03-31",
    ]
    assert commands[5:] == [
        "unify",
        "clv --as-of 2025-03-31",
        "customer360 --as-of 2025-03-31",
        "train --as-of 2025-03-31",
        "score --as-of 2025-03-31",
    ]
