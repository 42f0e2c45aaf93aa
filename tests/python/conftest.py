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
from datetime import date, timedelta
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
DEMO_START = "2023-01-01"
DEMO_AS_OF = "2024-12-31"
DEMO_DIR = REPO / "target" / "python-tests-demo"
# These tests check that each stage runs and reaches BI, the notebooks and Airflow, not the
# models' quality (docs/models.md measures that on the 2,000-customer demo). So: quarter-end
# feature snapshots (the default is every month end: a third of the features' rows and time)
# and 10 boosting rounds instead of 30 (training took 96 s of the 376-s day run with the
# defaults of then, 3-fold cross-validation).
# Every JVM of these tests is short-lived and works on tiny data: C1, the quick compiler,
# alone. The optimising C2 compiler's work on code that runs for seconds costs more than it
# saves: customer360 on this warehouse took 70 s of CPU (38 s wall) with the default tiered
# compilation and 37 s (27 s wall) with C1 alone, on 2 cores. C1 alone reserves only a 48 MB
# code cache, which customer360's generated code overflowed ("Out of space in CodeCache"):
# the tiered default of 240 MB is kept. A warehouse of real size wants the defaults.
QUICK_JVM = "-XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=240m"
TEST_SETTINGS = {
    "BRIGHTSTAR_JAVA_OPTS": QUICK_JVM,
    "BRIGHTSTAR_FEATURES_EVERY_MONTHS": "3",
    "BRIGHTSTAR_ML_GBT_MAX_ITER": "10",
}

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
        env={**inherited, "BRIGHTSTAR_DRIVER_MEMORY": "2g", "BRIGHTSTAR_JAVA_OPTS": QUICK_JVM,
             **environment},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, (
        f"bin/brightstar {' '.join(args)} exited {result.returncode}:\n{result.stderr[-4000:]}"
    )
    return result.stdout, result.stderr


def airflow(args, environment, expect_success=True):
    """Runs the airflow CLI of this venv; returns its output (stdout and stderr)."""
    result = subprocess.run(
        [sys.executable, "-m", "airflow", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    output = result.stdout + result.stderr
    if expect_success:
        assert result.returncode == 0, f"airflow {' '.join(args)} failed:\n{output[-4000:]}"
    else:
        assert result.returncode != 0, f"airflow {' '.join(args)} succeeded:\n{output[-4000:]}"
    return output


def real_dag_environment(airflow_home: Path, warehouse: Path, landing: Path) -> dict:
    """The environment of `airflow dags test` running the real DAG in local mode with the real
    bin/brightstar on the given warehouse and landing zone."""
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("BRIGHTSTAR_")},
        "AIRFLOW_HOME": str(airflow_home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(REPO / "dags"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "BRIGHTSTAR_WAREHOUSE": str(warehouse),
        "BRIGHTSTAR_LANDING": str(landing),
        "BRIGHTSTAR_MODELS": str(warehouse / "models"),
        "BRIGHTSTAR_DRIVER_MEMORY": "2g",
        # A failing job fails the test at once rather than after the back-off's retries.
        "BRIGHTSTAR_AIRFLOW_RETRIES": "0",
        **TEST_SETTINGS,
    }


@pytest.fixture(scope="session")
def demo(migrated_airflow_db, tmp_path_factory):
    """The small demo warehouse of the run (DEMO_CUSTOMERS customers, two years) in
    target/python-tests-demo, with its landing zone, built the way a data engineer fills one:
    the generated history up to the day before DEMO_AS_OF ingested, then the real DAG run for
    DEMO_AS_OF (`airflow dags test`, every job of the day, training included), then the
    prospects snapshot and the look-alikes. That day run's output is kept in day-run.log for
    test_dag_real_run, which checks it. Built once per jar: a stamp holds the jar's digest, so
    a rerun of the tests with the same code reuses it. Tests only read it; a test that writes
    copies it first.
    """
    brightstar("--help")  # builds the jar when the code changed
    stamp = DEMO_DIR / ".stamp"
    jar = REPO / "target" / "brightstar.jar"
    digest = (f"{hashlib.sha256(jar.read_bytes()).hexdigest()} customers={DEMO_CUSTOMERS}"
              f" {TEST_SETTINGS} dag={hashlib.sha256(DAG_FILE.read_bytes()).hexdigest()}")
    if not (stamp.exists() and stamp.read_text() == digest):
        shutil.rmtree(DEMO_DIR, ignore_errors=True)
        DEMO_DIR.mkdir(parents=True)
        day_before = (date.fromisoformat(DEMO_AS_OF) - timedelta(days=1)).isoformat()
        steps = [
            ("generate", ("generate", "--customers", str(DEMO_CUSTOMERS), "--end", DEMO_AS_OF,
                          "--out", "landing")),
            ("history", ("ingest", "--source", "all", "--from", DEMO_START, "--to", day_before)),
        ]
        for name, args in steps:
            started = time.monotonic()
            brightstar(*args, cwd=DEMO_DIR, **TEST_SETTINGS)
            print(f"\ndemo warehouse, {name}: {time.monotonic() - started:.0f} s")
        home = tmp_path_factory.mktemp("airflow-demo")
        shutil.copy(migrated_airflow_db, home / "airflow.db")
        started = time.monotonic()
        output = airflow(["dags", "test", "brightstar_daily", DEMO_AS_OF],
                         real_dag_environment(home, DEMO_DIR / "warehouse", DEMO_DIR / "landing"))
        (DEMO_DIR / "day-run.log").write_text(output)
        print(f"demo warehouse, the real DAG for {DEMO_AS_OF}: {time.monotonic() - started:.0f} s")
        started = time.monotonic()
        brightstar("ingest", "--source", "prospects", "--date", DEMO_AS_OF, cwd=DEMO_DIR)
        brightstar("lookalike", "--as-of", DEMO_AS_OF, cwd=DEMO_DIR, **TEST_SETTINGS)
        print(f"demo warehouse, prospects and look-alikes: {time.monotonic() - started:.0f} s")
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
