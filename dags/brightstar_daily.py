"""Brightstar's daily pipeline: one Airflow task per `bin/brightstar` job, run date = {{ ds }}.

    check_run_date
      -> ingest_finance, ingest_sales, ingest_marketing, ingest_support (in parallel)
      -> unify -> clv -> customer360 -> decide_training -> features -> train -> insights
      -> score -> interventions

Parameter `train` (default true): a run triggered with {"train": false} skips everything after
customer360, e.g. to refresh the customer tables daily and train weekly from a second trigger.
Look-alike prospects are not a daily task: prospects land as an occasional snapshot, so
`lookalike --as-of D` runs after their ingest (docs/airflow.md).

Run date: the schedule uses data intervals, so the run for day D starts once D is over (just
after midnight UTC on D+1) and every job gets D as `--date` / `--as-of`. The landing zone holds
one folder per event day (docs/landing.md), which is complete only after that day has ended.

Deployment mode, chosen when the file is parsed (details and examples: docs/airflow.md):
  local    (default) BashOperator: `<home>/bin/brightstar <command>` on the worker, in <home>;
  cluster  SparkSubmitOperator: the jar with main class brightstar.cli.Main and the same
           command, through the Spark connection <spark_conn_id>.

Settings: keys of the JSON Airflow Variable `brightstar`, else the environment variable, else
the default:
  mode           BRIGHTSTAR_AIRFLOW_MODE           local | cluster (default local)
  home           BRIGHTSTAR_HOME                   default: the folder above this file's dags/
  warehouse      BRIGHTSTAR_WAREHOUSE              default: unset, the Brightstar config decides
  landing        BRIGHTSTAR_LANDING                default: unset, the Brightstar config decides
  config         BRIGHTSTAR_CONFIG                 default: unset (embedded defaults)
  jar            BRIGHTSTAR_JAR                    cluster; default <home>/target/brightstar.jar
  spark_conn_id  BRIGHTSTAR_AIRFLOW_SPARK_CONN_ID  cluster; default spark_default
  start_date     BRIGHTSTAR_AIRFLOW_START_DATE     first run date served, YYYY-MM-DD; default
                                                   2023-01-01 (the demo's first day)
  retries        BRIGHTSTAR_AIRFLOW_RETRIES        retries per job, with back-off; default 3

A run date before start_date fails in its first task, check_run_date, naming the setting:
Airflow itself would mark such a run successful without running a task, which is why the
DAG's own Airflow start_date is a fixed early floor and the setting is enforced by that task.

Parsing does no work: it reads that one Variable and the environment, then builds operators.
The mode decides which operator class each task is, which no template can do, so that one
Variable is read at parse time rather than at run time; one JSON Variable costs one lookup
per parse instead of one per setting. Retries are safe because every job is idempotent for
its run date: a job writes by MERGE keyed by business key and run date, so a retry or a
re-run of a day replaces that day's output instead of adding to it.
"""

from __future__ import annotations

import json
import os
import shlex
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any, Mapping

import pendulum
from airflow.providers.standard.operators.bash import BashOperator
from airflow.providers.standard.operators.python import PythonOperator, ShortCircuitOperator
from airflow.sdk import DAG, CronDataIntervalTimetable, Param, Variable
from airflow.sdk.exceptions import AirflowFailException

DAG_ID = "brightstar_daily"
RUN_DATE = "{{ ds }}"
# The daily silos. Prospects are not among them: they land as an occasional snapshot
# (docs/landing.md), so a daily `ingest --source prospects` would fail on every other day.
SOURCES = ("finance", "sales", "marketing", "support")
MAIN_CLASS = "brightstar.cli.Main"
# Spark and these libraries are provided on a cluster, not packed into the jar (see README).
SPARK_PACKAGES = "io.delta:delta-spark_2.13:4.0.1,org.apache.hadoop:hadoop-aws:3.4.1"
SETTINGS_VARIABLE = "brightstar"
MODES = ("local", "cluster")

# Airflow does not run a task before its DAG's start_date and calls such a run a success, so
# the DAG accepts any date from this floor and check_run_date enforces the start_date setting.
AIRFLOW_START_FLOOR = pendulum.datetime(2000, 1, 1, tz="UTC")
DEFAULT_START_DATE = "2023-01-01"
CHECK_TASK = "check_run_date"
TRAINING_TASK = "decide_training"
# Training is the slow, rarely-needed step: a run triggered with {"train": false} stops after
# customer360 (the features feed train; score is skipped with them, as a backfill of the
# customer tables does not re-score).
TRAINING_JOBS = ("features", "train", "insights", "score", "interventions")

# Task id -> the CLI arguments of its job. The ingests run in parallel, then the rest in
# this order; the flags are the ones `bin/brightstar <command> --help` documents.
INGEST_JOBS = {
    f"ingest_{source}": ("ingest", "--source", source, "--date", RUN_DATE) for source in SOURCES
}
CHAIN_JOBS = {
    "unify": ("unify", "--date", RUN_DATE),
    "clv": ("clv", "--as-of", RUN_DATE),
    "customer360": ("customer360", "--as-of", RUN_DATE),
    "features": ("features", "--as-of", RUN_DATE),
    "train": ("train", "--as-of", RUN_DATE),
    "insights": ("insights", "--as-of", RUN_DATE),
    "score": ("score", "--as-of", RUN_DATE),
    "interventions": ("interventions", "--as-of", RUN_DATE),
}

# Setting -> the environment variable read when the Variable lacks it. Warehouse, landing and
# config use the names the Brightstar CLI itself reads, so one environment serves both.
ENVIRONMENT_NAMES = {
    "mode": "BRIGHTSTAR_AIRFLOW_MODE",
    "home": "BRIGHTSTAR_HOME",
    "warehouse": "BRIGHTSTAR_WAREHOUSE",
    "landing": "BRIGHTSTAR_LANDING",
    "config": "BRIGHTSTAR_CONFIG",
    "jar": "BRIGHTSTAR_JAR",
    "spark_conn_id": "BRIGHTSTAR_AIRFLOW_SPARK_CONN_ID",
    "start_date": "BRIGHTSTAR_AIRFLOW_START_DATE",
    "retries": "BRIGHTSTAR_AIRFLOW_RETRIES",
}

DEFAULT_ARGS = {
    "owner": "brightstar",
    "depends_on_past": False,
    "retries": 3,
    # Back-off: 5, 10 and 20 minutes (Airflow adds a little jitter), so a transient cause (a
    # busy cluster, a late file system) has time to clear, and a long outage is not hammered.
    "retry_delay": timedelta(minutes=5),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(hours=1),
    # A hung Spark job must not hold the only active run forever (max_active_runs=1).
    "execution_timeout": timedelta(hours=4),
}


@dataclass(frozen=True)
class Settings:
    """Where and how the jobs run; a path left None is left to the Brightstar config."""

    mode: str
    home: str
    jar: str
    spark_conn_id: str
    start_date: str = DEFAULT_START_DATE
    retries: int = DEFAULT_ARGS["retries"]
    warehouse: str | None = None
    landing: str | None = None
    config: str | None = None

    def paths(self) -> dict[str, str]:
        """The warehouse, landing and config settings that are set, keyed by setting name."""
        values = {"warehouse": self.warehouse, "landing": self.landing, "config": self.config}
        return {name: value for name, value in values.items() if value}


def resolve_settings(
    variable: Mapping[str, Any], environ: Mapping[str, str], default_home: str
) -> Settings:
    """Settings from the Variable's keys, else the environment, else the defaults.

    Raises ValueError for an unknown key or mode: a typo must fail the parse (it shows as an
    import error in the UI) rather than silently run the jobs somewhere else.
    """
    unknown = sorted(set(variable) - set(ENVIRONMENT_NAMES))
    if unknown:
        raise ValueError(
            f"Airflow Variable '{SETTINGS_VARIABLE}' has unknown keys {unknown}: this DAG reads "
            f"only {sorted(ENVIRONMENT_NAMES)}; rename or remove them (see docs/airflow.md)"
        )

    def pick(name: str) -> str | None:
        value = variable.get(name) or environ.get(ENVIRONMENT_NAMES[name])
        return str(value) if value else None

    mode = pick("mode") or "local"
    if mode not in MODES:
        raise ValueError(
            f"unknown Brightstar deployment mode '{mode}': it comes from the '{SETTINGS_VARIABLE}' "
            f"Variable's 'mode' key or {ENVIRONMENT_NAMES['mode']}, which must be one of {MODES}; "
            "fix the value"
        )
    home = pick("home") or default_home
    start_date = pick("start_date") or DEFAULT_START_DATE
    try:
        # Normalised to YYYY-MM-DD, which check_run_date compares with {{ ds }} as text.
        start_date = pendulum.Date.fromisoformat(start_date).isoformat()
    except ValueError as e:
        raise ValueError(
            f"start_date '{start_date}' is not a date: it comes from the '{SETTINGS_VARIABLE}' "
            f"Variable's 'start_date' key or {ENVIRONMENT_NAMES['start_date']} and must be "
            "YYYY-MM-DD, the first day the landing zone holds (see docs/airflow.md)"
        ) from e
    retries = pick("retries") or str(DEFAULT_ARGS["retries"])
    if not retries.isdigit():
        raise ValueError(
            f"retries '{retries}' is not a whole number: it comes from the '{SETTINGS_VARIABLE}' "
            f"Variable's 'retries' key or {ENVIRONMENT_NAMES['retries']} (see docs/airflow.md)"
        )
    return Settings(
        start_date=start_date,
        retries=int(retries),
        mode=mode,
        home=home,
        jar=pick("jar") or str(Path(home) / "target" / "brightstar.jar"),
        spark_conn_id=pick("spark_conn_id") or "spark_default",
        warehouse=pick("warehouse"),
        landing=pick("landing"),
        config=pick("config"),
    )


def read_settings_variable() -> dict[str, Any]:
    """The JSON Variable `brightstar` (or AIRFLOW_VAR_BRIGHTSTAR), {} when it is not set."""
    # Read as text and parsed here: with deserialize_json=True Airflow logs a parse failure
    # and answers as if the Variable were unset, which would quietly run in local mode.
    text = Variable.get(SETTINGS_VARIABLE, default="")
    if not text.strip():
        return {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError as e:
        raise ValueError(
            f"Airflow Variable '{SETTINGS_VARIABLE}' is not valid JSON ({e}); set it to an "
            'object such as {"mode": "cluster"} (see docs/airflow.md)'
        ) from e
    if not isinstance(value, dict):
        raise ValueError(
            f"Airflow Variable '{SETTINGS_VARIABLE}' must be a JSON object, not "
            f'{type(value).__name__}; set it to e.g. {{"mode": "cluster"}} (see docs/airflow.md)'
        )
    return value


def local_task(task_id: str, args: tuple[str, ...], settings: Settings):
    """A BashOperator running `<home>/bin/brightstar <args>` with the set paths exported."""
    launcher = shlex.quote(str(Path(settings.home) / "bin" / "brightstar"))
    env = {ENVIRONMENT_NAMES[name]: value for name, value in settings.paths().items()}
    return BashOperator(
        task_id=task_id,
        bash_command=" ".join((launcher, *args)),
        env=env,
        # Keep the worker's PATH and JAVA_HOME: the launcher needs java (and mvn to build).
        append_env=True,
        # The config's relative defaults (./warehouse, ./landing) mean the repository, as for
        # `bin/brightstar demo`; the operator's default is a temp folder deleted afterwards.
        cwd=settings.home,
        # Brightstar exits 0, 1 or 2; no exit code may turn a failure into a skip.
        skip_on_exit_code=None,
    )


def cluster_task(task_id: str, args: tuple[str, ...], settings: Settings):
    """A SparkSubmitOperator submitting the jar with `args`; the set paths go as CLI flags.

    Flags rather than environment variables because a driver in cluster deploy mode does not
    run in the submitting process, so it would not see them.
    """
    # Imported here so that a local-mode Airflow needs no Spark provider installed.
    from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

    flags = [arg for name, value in settings.paths().items() for arg in (f"--{name}", value)]
    return SparkSubmitOperator(
        task_id=task_id,
        conn_id=settings.spark_conn_id,
        application=settings.jar,
        java_class=MAIN_CLASS,
        packages=SPARK_PACKAGES,
        application_args=[*args, *flags],
        name=f"brightstar-{task_id}",
    )


def check_run_date(ds: str, start_date: str) -> None:
    """Fails the run, without retries, for a run date before the start_date setting."""
    if ds < start_date:
        raise AirflowFailException(
            f"run date {ds} is before this DAG's start_date {start_date}: there is no history "
            f"to process for it. If the landing zone does hold {ds}, set start_date earlier "
            f"(the '{SETTINGS_VARIABLE}' Variable's 'start_date' key or "
            f"{ENVIRONMENT_NAMES['start_date']}; docs/airflow.md)"
        )
    print(f"run date {ds} is on or after start_date {start_date}")


def decide_training(params: Mapping[str, Any]) -> bool:
    """True when this run trains (and scores): the run's `train` parameter."""
    return bool(params["train"])


def build_dag(settings: Settings) -> DAG:
    """The DAG: one task per job, ingests in parallel, then the chain in CHAIN_JOBS order."""
    make_task = local_task if settings.mode == "local" else cluster_task
    with DAG(
        dag_id=DAG_ID,
        description="Ingest the silos, then unify, clv, customer360, features, train, insights,"
        " score and interventions",
        doc_md=__doc__,
        schedule=CronDataIntervalTimetable("0 0 * * *", timezone="UTC"),
        start_date=AIRFLOW_START_FLOOR,
        # Missed days are not replayed on their own; backfill them on purpose (docs/airflow.md).
        catchup=False,
        # The jobs MERGE into shared tables; two run dates at once would race on them.
        max_active_runs=1,
        default_args={**DEFAULT_ARGS, "retries": settings.retries},
        params={
            "train": Param(
                True,
                type="boolean",
                description="Build the features, train both models and score; false stops after"
                " customer360",
            )
        },
        tags=["brightstar", settings.mode],
    ) as dag:
        check = PythonOperator(
            task_id=CHECK_TASK,
            python_callable=check_run_date,
            op_kwargs={"ds": RUN_DATE, "start_date": settings.start_date},
            # A date outside the history does not get better by retrying.
            retries=0,
        )
        ingests = [make_task(task_id, args, settings) for task_id, args in INGEST_JOBS.items()]
        check >> ingests
        upstream = ingests
        for task_id, args in CHAIN_JOBS.items():
            if task_id == TRAINING_JOBS[0]:
                # Skips every task after it when the run's train parameter is false.
                gate = ShortCircuitOperator(
                    task_id=TRAINING_TASK, python_callable=decide_training
                )
                gate.set_upstream(upstream)
                upstream = [gate]
            task = make_task(task_id, args, settings)
            task.set_upstream(upstream)
            upstream = [task]
    return dag


dag = build_dag(
    resolve_settings(
        read_settings_variable(),
        os.environ,
        default_home=str(Path(__file__).resolve().parent.parent),
    )
)
