"""Shared set-up for the Python checks: a throwaway Airflow home and a clean environment.

AIRFLOW_HOME is set before anything imports Airflow (Airflow reads it once, at import, and
writes airflow.cfg there), so the tests never touch ~/airflow. Parsing a DAG needs no
metadata database: DagBag only imports the file, and outside a running Airflow, Variables
come from AIRFLOW_VAR_* environment variables alone.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

_AIRFLOW_HOME = tempfile.mkdtemp(prefix="brightstar-airflow-home-")
atexit.register(shutil.rmtree, _AIRFLOW_HOME, ignore_errors=True)
os.environ["AIRFLOW_HOME"] = _AIRFLOW_HOME
os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"

REPO = Path(__file__).resolve().parents[2]
DAG_FILE = REPO / "dags" / "brightstar_daily.py"
LAUNCHER = REPO / "bin" / "brightstar"

# The one demo warehouse of a test run, shared by the SQL endpoint, notebook and DAG tests.
DEMO_CUSTOMERS = 300
DEMO_AS_OF = "2024-12-31"
DEMO_DIR = REPO / "target" / "python-tests-demo"
# Quarter-end feature snapshots (the default is every month end): these tests check that each
# stage runs and reaches BI, the notebooks and Airflow, not the models' quality (docs/models.md
# measures that on the 2,000-customer demo); a third of the snapshots is a third of the
# features and training time of the shared warehouse and of the real DAG run.
TEST_SETTINGS = {"BRIGHTSTAR_FEATURES_EVERY_MONTHS": "3"}

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
    "BRIGHTSTAR_AIRFLOW_START_DATE",
    "BRIGHTSTAR_AIRFLOW_RETRIES",
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


def brightstar(*args: str, cwd: Path = REPO, timeout: int = 1800, **environment: str):
    """Runs bin/brightstar without the caller's BRIGHTSTAR_* settings (only `environment`'s);
    returns (stdout, stderr); a non-zero exit fails the test."""
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("BRIGHTSTAR_")}
    result = subprocess.run(
        [str(LAUNCHER), *args],
        cwd=cwd,
        env={**inherited, "BRIGHTSTAR_DRIVER_MEMORY": "2g", **environment},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, (
        f"bin/brightstar {' '.join(args)} exited {result.returncode}:\n{result.stderr[-4000:]}"
    )
    return result.stdout, result.stderr


@pytest.fixture(scope="session")
def demo():
    """A small demo warehouse (DEMO_CUSTOMERS customers, two years, every stage as of
    DEMO_AS_OF) in target/python-tests-demo, with its landing zone. Built once per jar: a stamp
    holds the jar's digest, so a rerun of the tests with the same code reuses it. Tests only
    read it; a test that writes copies it first.
    """
    brightstar("--help")  # builds the jar when the code changed
    stamp = DEMO_DIR / ".stamp"
    jar = REPO / "target" / "brightstar.jar"
    digest = (f"{hashlib.sha256(jar.read_bytes()).hexdigest()} customers={DEMO_CUSTOMERS}"
              f" {TEST_SETTINGS}")
    if not (stamp.exists() and stamp.read_text() == digest):
        shutil.rmtree(DEMO_DIR, ignore_errors=True)
        DEMO_DIR.mkdir(parents=True)
        started = time.monotonic()
        brightstar("demo", "--customers", str(DEMO_CUSTOMERS), cwd=DEMO_DIR, **TEST_SETTINGS)
        print(f"\ndemo warehouse with {DEMO_CUSTOMERS} customers: "
              f"{time.monotonic() - started:.0f} s")
        stamp.write_text(digest)
    return DEMO_DIR


@pytest.fixture(scope="session")
def migrated_airflow_db(tmp_path_factory):
    """An Airflow metadata database (SQLite) migrated once per test run: migrating takes about
    a minute, and each DAG run test starts from a copy of it (airflow_home)."""
    home = tmp_path_factory.mktemp("airflow-template")
    environment = {**os.environ, "AIRFLOW_HOME": str(home), "AIRFLOW__CORE__LOAD_EXAMPLES": "False"}
    result = subprocess.run(
        [sys.executable, "-m", "airflow", "db", "migrate"],
        env=environment, capture_output=True, text=True, timeout=900,
    )
    assert result.returncode == 0, f"airflow db migrate failed:\n{result.stderr[-4000:]}"
    return home / "airflow.db"


@pytest.fixture
def airflow_home(tmp_path, migrated_airflow_db):
    """A fresh AIRFLOW_HOME holding a copy of the migrated database (not its airflow.cfg, which
    names the template's paths; Airflow writes a new one)."""
    home = tmp_path / "airflow"
    home.mkdir()
    shutil.copy(migrated_airflow_db, home / "airflow.db")
    return home
