"""Shared set-up for the Python checks: a throwaway Airflow home and a clean environment.

AIRFLOW_HOME is set before anything imports Airflow (Airflow reads it once, at import, and
writes airflow.cfg there), so the tests never touch ~/airflow. Parsing a DAG needs no
metadata database: DagBag only imports the file, and outside a running Airflow, Variables
come from AIRFLOW_VAR_* environment variables alone.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

_AIRFLOW_HOME = tempfile.mkdtemp(prefix="brightstar-airflow-home-")
atexit.register(shutil.rmtree, _AIRFLOW_HOME, ignore_errors=True)
os.environ["AIRFLOW_HOME"] = _AIRFLOW_HOME
os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"

REPO = Path(__file__).resolve().parents[2]
DAG_FILE = REPO / "dags" / "brightstar_daily.py"

# Everything the DAG file reads from the environment; the tests set what they need.
_DAG_ENVIRONMENT = (
    "AIRFLOW_VAR_BRIGHTSTAR",
    "BRIGHTSTAR_AIRFLOW_MODE",
    "BRIGHTSTAR_HOME",
    "BRIGHTSTAR_WAREHOUSE",
    "BRIGHTSTAR_LANDING",
    "BRIGHTSTAR_CONFIG",
    "BRIGHTSTAR_JAR",
    "BRIGHTSTAR_AIRFLOW_SPARK_CONN_ID",
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    """Whatever the developer's shell or CI exports must not change what a test parses."""
    for name in _DAG_ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def parse_dags(monkeypatch):
    """Parses dags/brightstar_daily.py with the given environment; returns the DagBag."""
    from airflow.dag_processing.dagbag import DagBag

    def parse(**environment: str) -> DagBag:
        for name, value in environment.items():
            monkeypatch.setenv(name, value)
        return DagBag(dag_folder=str(DAG_FILE), safe_mode=False)

    return parse
