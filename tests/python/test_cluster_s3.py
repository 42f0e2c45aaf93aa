"""The same jar on a Spark cluster, with its tables on S3 (issue 13).

A Spark standalone master and two one-core workers run on loopback from the pip pyspark 4.0.1
distribution of this venv; moto's server stands in for S3 on loopback. target/brightstar.jar,
unchanged, is submitted with spark-submit for ingest, unify, customer360 and score, its warehouse
and landing zone on s3a:// (a tiny generated landing, uploaded as extracts would land). The
tables are then read from S3 without Spark (Delta log and Parquet files) and compared with the
generator's truth, and the local launcher, which adds hadoop-aws to its class path only because
the config names s3a://, re-runs the ingest, which must change nothing.

One run serves both parts of the issue: each Spark launch costs seconds of JVM start and
executor scheduling on 2 cores, and a separate local pipeline on S3 would double them.

Scoring needs trained models, and training needs a history longer than this landing zone: the
shared demo warehouse's gold.model_runs (a Delta folder; its rows point at the demo's model
folders on this disk, which driver and executors both read) is copied into the S3 warehouse.

Credentials come from the environment (AWS_ACCESS_KEY_ID, ...) through the default AWS chain
named in conf/cluster-s3.conf, which the test config includes; the workers are started with
them, as nodes get an instance role.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import logging
import os
import re
import signal
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

import pytest
from conftest import DEMO_AS_OF, QUICK_JVM, REPO, brightstar

# Scored with the demo's models, trained as of DEMO_AS_OF: the same day.
START, AS_OF = "2024-10-01", DEMO_AS_OF
CUSTOMERS = 40
BUCKET = "brightstar-test"
JAR = REPO / "target" / "brightstar.jar"
CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "brightstar-test",
    "AWS_SECRET_ACCESS_KEY": "brightstar-test-secret",
    "AWS_REGION": "us-east-1",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what: str, check, timeout: float = 90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.5)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


@pytest.fixture(scope="module")
def s3(tmp_path_factory):
    """moto's S3 on a free loopback port with an empty bucket; yields (endpoint, client)."""
    import boto3
    from moto.server import ThreadedMotoServer

    # One log record per request would fill the captured log with thousands of lines.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        client = boto3.client(
            "s3", endpoint_url=endpoint, region_name=CREDENTIALS["AWS_REGION"],
            aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        )
        client.create_bucket(Bucket=BUCKET)
        yield endpoint, client
    finally:
        server.stop()


def upload(client, folder: Path, prefix: str) -> int:
    files = [p for p in sorted(folder.rglob("*")) if p.is_file()]
    for path in files:
        client.upload_file(str(path), BUCKET, f"{prefix}/{path.relative_to(folder).as_posix()}")
    return len(files)


def objects(client, prefix: str) -> dict[str, str]:
    """Every object under the prefix: key -> ETag."""
    pages = client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=prefix)
    return {o["Key"]: o["ETag"] for page in pages for o in page.get("Contents", [])}


@pytest.fixture(scope="module")
def s3_jars():
    """hadoop-aws and its AWS SDK bundle: target/classpath-s3.txt, resolved the way every
    s3a:// launch of bin/brightstar does (once per machine and pom.xml)."""
    brightstar("--help", BRIGHTSTAR_S3="1")
    jars = (REPO / "target" / "classpath-s3.txt").read_text().strip().split(":")
    assert any("/hadoop-aws-3.4.1.jar" in j for j in jars), jars
    assert any("/bundle-" in j for j in jars), jars
    return jars


@pytest.fixture(scope="module")
def spark_home(s3_jars, tmp_path_factory):
    """A Spark installation as a cluster's nodes have one: the pip pyspark distribution's
    scripts and jars, plus hadoop-aws and its AWS SDK bundle in jars/ (where EMR, Dataproc or a
    container image put them). Links, not copies.

    Not spark.executor.extraClassPath: that goes before Spark's own jars, and the SDK bundle
    carries an slf4j 1.x API that would then silence every executor's log."""
    pyspark_home = Path(importlib.util.find_spec("pyspark").submodule_search_locations[0])
    home = tmp_path_factory.mktemp("spark-home")
    (home / "bin").symlink_to(pyspark_home / "bin")
    (home / "jars").mkdir()
    for jar in [*(pyspark_home / "jars").glob("*.jar"), *map(Path, s3_jars)]:
        (home / "jars" / jar.name).symlink_to(jar)
    return home


@pytest.fixture(scope="module")
def standalone(spark_home, tmp_path_factory):
    """A standalone master and two workers (1 core, 1 GiB each) on loopback; yields (master
    URL, master JSON URL, work dirs). Every daemon is in its own session and is killed with its
    executors at the end, whether the test passed or not."""
    base = tmp_path_factory.mktemp("standalone")
    port, web = free_port(), free_port()
    env = {**os.environ, **CREDENTIALS, "SPARK_HOME": str(spark_home),
           "SPARK_LOCAL_IP": "127.0.0.1", "SPARK_LOG_DIR": str(base), "SPARK_NO_DAEMONIZE": "1"}
    env.pop("SPARK_CONF_DIR", None)
    spark_class = str(spark_home / "bin" / "spark-class")
    processes = []
    logs = []

    def start(name, *args):
        log = open(base / f"{name}.log", "w")
        logs.append(log)
        processes.append(subprocess.Popen(
            [spark_class, *args], env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True))

    try:
        start("master", "org.apache.spark.deploy.master.Master",
              "--host", "127.0.0.1", "--port", str(port), "--webui-port", str(web))
        work_dirs = []
        for i in (1, 2):
            work_dirs.append(base / f"worker-{i}")
            start(f"worker-{i}", "org.apache.spark.deploy.worker.Worker",
                  f"spark://127.0.0.1:{port}", "--host", "127.0.0.1", "--cores", "1",
                  "--memory", "1g", "--webui-port", "0", "--work-dir", str(work_dirs[-1]))
        state_url = f"http://127.0.0.1:{web}/json"

        def two_workers():
            try:
                with urllib.request.urlopen(state_url, timeout=5) as r:
                    state = json.load(r)
            except OSError:
                return None
            return state.get("aliveworkers") == 2

        wait_for("the master and two alive workers", two_workers)
        yield f"spark://127.0.0.1:{port}", state_url, work_dirs
    finally:
        for p in processes:
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for p in processes:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait(timeout=10)
        for log in logs:
            log.close()
        # Executors are the workers' children, in their process groups: give them the same
        # grace to exit, then kill what is left; a leftover is a leak this test reports.
        def alive(pgid):
            try:
                os.killpg(pgid, 0)
                return True
            except ProcessLookupError:
                return False

        deadline = time.monotonic() + 20
        while any(alive(p.pid) for p in processes) and time.monotonic() < deadline:
            time.sleep(0.5)
        leftover = [p.pid for p in processes if alive(p.pid)]
        for pgid in leftover:
            os.killpg(pgid, signal.SIGKILL)
        assert not leftover, f"process groups {leftover} outlived their Spark daemons by 20 s"


@pytest.fixture(scope="module")
def pipeline(demo, s3, spark_home, standalone, tmp_path_factory):
    """Generates a tiny landing zone, uploads it, then submits ingest, unify, customer360 and
    score to the standalone cluster with the warehouse on s3a://. Returns what the checks need."""
    endpoint, client = s3
    master, state_url, work_dirs = standalone
    tmp = tmp_path_factory.mktemp("cluster-s3")
    landing = tmp / "landing"
    brightstar("generate", "--customers", str(CUSTOMERS), "--start", START, "--end", AS_OF,
               "--out", str(landing))
    files = upload(client, landing, "landing")
    models = upload(client, demo / "warehouse" / "gold" / "model_runs",
                    "warehouse/gold/model_runs")
    assert models > 1, "the demo warehouse has no gold.model_runs"

    # The committed example, pointed at this bucket and the local S3 server.
    config = tmp / "s3-test.conf"
    config.write_text(f"""include file("{REPO / 'conf' / 'cluster-s3.conf'}")
brightstar {{
  warehouse = "s3a://{BUCKET}/warehouse"
  landing = "s3a://{BUCKET}/landing"
  models = ""
  spark {{
    # For bin/brightstar's re-run; under spark-submit, its --master wins.
    master = "local[2]"
    shuffle-partitions = 2
    extra {{
      "spark.hadoop.fs.s3a.endpoint" = "{endpoint}"
      "spark.hadoop.fs.s3a.path.style.access" = "true"
    }}
  }}
}}
""")
    delta = [j for j in (REPO / "target" / "classpath.txt").read_text().strip().split(":")
             if re.search(r"/delta-(spark_2\.13|storage)-4\.0\.1\.jar$", j)]
    assert len(delta) == 2, delta

    env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIGHTSTAR_", "SPARK_"))}
    env.update(CREDENTIALS, SPARK_HOME=str(spark_home), SPARK_LOCAL_IP="127.0.0.1")
    outputs = {}
    for command in (["ingest", "--source", "all", "--from", START, "--to", AS_OF],
                    ["unify"], ["customer360", "--as-of", AS_OF], ["score", "--as-of", AS_OF]):
        # The session sets the application's name from brightstar.spark.app-name.
        env["BRIGHTSTAR_SPARK_APP_NAME"] = f"brightstar-{command[0]}"
        started = time.monotonic()
        result = subprocess.run(
            [str(spark_home / "bin" / "spark-submit"), "--master", master,
             "--class", "brightstar.cli.Main",
             "--driver-memory", "2g", "--executor-memory", "768m",
             "--jars", ",".join(delta),
             # Tiny data on 2 shared cores: no waiting for a busy executor that holds a task's
             # input, and short-lived JVMs that compile with C1 only.
             "--conf", "spark.locality.wait=0",
             "--conf", f"spark.executor.extraJavaOptions={QUICK_JVM}",
             "--driver-java-options", f"{QUICK_JVM} "
             f"-Dlog4j2.configurationFile={REPO / 'conf' / 'log4j2.properties'}",
             str(JAR), *command, "--config", str(config)],
            env=env, capture_output=True, text=True, timeout=900)
        assert result.returncode == 0, (
            f"spark-submit {' '.join(command)} exited {result.returncode}:\n"
            f"{result.stderr[-4000:]}")
        outputs[command[0]] = result.stdout + result.stderr
        print(f"\nspark-submit {command[0]}: {time.monotonic() - started:.0f} s")
    # The demo's models scored: their versions, recorded in the copied gold.model_runs.
    version = DEMO_AS_OF.replace("-", "")
    for model in ("high_value", "dissatisfaction"):
        assert re.search(rf"\[score +[\d.]+s\] gold.customer_scores \({model}/{version}\)",
                         outputs["score"]), outputs["score"][-2000:]
    return {"landing": landing, "files": files, "config": config, "client": client,
            "state_url": state_url, "work_dirs": work_dirs}


def delta_table(client, table: str):
    """A Delta table on S3 read straight from its log and Parquet files (no Spark, no JVM):
    the data files added and not removed since, with their partition values. Fails on what
    this small reader does not handle (checkpoints, deletion vectors)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    prefix = f"warehouse/{table.replace('.', '/')}/"
    log_files = objects(client, prefix + "_delta_log/")
    commits = sorted(k for k in log_files if k.endswith(".json"))
    assert commits, f"{table} has no Delta log"
    assert not any("checkpoint" in k for k in log_files), table
    live = {}
    for key in commits:
        for line in client.get_object(Bucket=BUCKET, Key=key)["Body"].read().splitlines():
            action = json.loads(line)
            if "add" in action:
                assert not action["add"].get("deletionVector"), table
                live[action["add"]["path"]] = action["add"].get("partitionValues") or {}
            elif "remove" in action:
                live.pop(action["remove"]["path"], None)
    parts = []
    for path, partition in live.items():
        body = client.get_object(Bucket=BUCKET, Key=prefix + urllib.parse.unquote(path))
        part = pq.read_table(io.BytesIO(body["Body"].read()))
        for column, value in partition.items():
            part = part.append_column(column, pa.array([value] * part.num_rows, pa.string()))
        parts.append(part)
    return pa.concat_tables(parts, promote_options="default")


def test_jar_runs_on_a_standalone_cluster_with_tables_on_s3(pipeline):
    # The cluster ran the four applications to the end, and both workers' executors ran tasks.
    with urllib.request.urlopen(pipeline["state_url"], timeout=10) as r:
        state = json.load(r)
    apps = {a["name"]: a for a in state["completedapps"]}
    stages = ["ingest", "unify", "customer360", "score"]
    assert sorted(apps) == sorted(f"brightstar-{s}" for s in stages), apps.keys()
    assert {a["state"] for a in apps.values()} == {"FINISHED"}
    for app in apps.values():
        for work_dir in pipeline["work_dirs"]:
            logs = list((work_dir / app["id"]).glob("*/stderr"))
            assert logs, f"no executor of {app['name']} on {work_dir.name}"
            assert any("Finished task" in log.read_text() for log in logs), (
                f"{app['name']}'s executor on {work_dir.name} finished no task")

    # The tables on S3, read from their Delta logs and Parquet files, against the generator's
    # truth: every data line is in bronze or, if planted malformed, in the quarantine with its
    # file, line and kind; every customer in gold, with revenue as the truth totals it; both
    # models' scores for every customer, in deciles by probability.
    truth = pipeline["landing"] / "_truth"
    with open(truth / "records.csv") as f:
        records = Counter(f"{r['source']}_{r['entity']}" for r in csv.DictReader(f))
    with open(truth / "malformed.csv") as f:
        malformed = list(csv.DictReader(f))
    with open(truth / "customers.csv") as f:
        customers = list(csv.DictReader(f))
    client = pipeline["client"]
    expected = records - Counter(f"{r['source']}_{r['entity']}" for r in malformed)
    for table, n in expected.items():
        assert delta_table(client, f"bronze.{table}").num_rows == n, table
    quarantine = delta_table(client, "bronze.quarantine").to_pylist()
    assert sorted((r["source"], r["entity"], r["file"], str(r["line"]), r["kind"])
                  for r in quarantine) == sorted(
        (r["source"], r["entity"], r["file"], r["line"], r["kind"]) for r in malformed)

    gold = [r for r in delta_table(client, "gold.customer_360").to_pylist()
            if str(r["as_of_date"]) == AS_OF]
    assert len(gold) == len(customers) == CUSTOMERS
    truth_revenue = sum(float(c["total_revenue_usd"]) for c in customers)
    # Gold misses only what the planted malformed rows carried (quarantined invoices, credit
    # notes): under 2% of the truth here.
    assert abs(sum(r["revenue_usd"] for r in gold) - truth_revenue) < 0.02 * truth_revenue
    for column in ("p_high_value", "p_dissatisfied"):
        assert all(r[column] is not None and 0 <= r[column] <= 1 for r in gold), column
    scores = delta_table(client, "gold.customer_scores").to_pylist()
    for model in ("high_value", "dissatisfaction"):
        rows = [r for r in scores if r["model"] == model and str(r["as_of_date"]) == AS_OF]
        assert sorted(r["customer_id"] for r in rows) == sorted(r["customer_id"] for r in gold)
        # Deciles follow the probability, and customers with the same probability share one
        # (boosted trees give many the same leaves): ties at a cut go to the higher decile,
        # so the top one, which interventions act on, is never empty.
        by_decile = {}
        for r in rows:
            by_decile.setdefault(r["decile"], []).append(r["probability"])
        deciles = sorted(by_decile)
        assert deciles[-1] == 10 and deciles[0] >= 1, (model, deciles)
        for low, high in zip(deciles, deciles[1:]):
            assert max(by_decile[low]) < min(by_decile[high]), (model, low, high)
        if len(deciles) < 10:
            assert len({r["probability"] for r in rows}) < len(rows), (model, deciles)


def test_ingest_rerun_on_s3_changes_nothing(pipeline):
    """The local launcher (hadoop-aws added because the config names s3a://) re-runs the day
    range the cluster loaded: no file is read again and no object of the warehouse changes."""
    client = pipeline["client"]
    before = objects(client, "warehouse/")
    assert any("/bronze/ingest_log/_delta_log/" in k for k in before)
    out, err = brightstar("ingest", "--source", "all", "--from", START, "--to", AS_OF,
                          "--config", str(pipeline["config"]), **CREDENTIALS)
    assert "nothing changed: every table is left as it was" in out + err
    # The summary's total: files, days, loaded, unchanged; every extract file is unchanged.
    total = re.search(r"^total +([\d,]+) +[\d,]+ +([\d,]+) +([\d,]+) ", out + err, re.M)
    files = pipeline["files"] - len(list((pipeline["landing"] / "_truth").iterdir()))
    assert total and [int(g.replace(",", "")) for g in total.groups()] == [files, 0, files]
    assert objects(client, "warehouse/") == before


@pytest.mark.parametrize("case, args, environment, expected", [
    ("local warehouse", ["--warehouse", "/tmp/w"], {}, False),
    ("s3a flag", ["--warehouse", "s3a://b/w"], {}, True),
    ("s3a --conf", ["--conf", "brightstar.landing=s3a://b/l"], {}, True),
    ("s3a variable", [], {"BRIGHTSTAR_MODELS": "s3a://b/m"}, True),
    ("s3a config", ["--config", "conf/cluster-s3.conf"], {}, True),
    ("s3a config from the environment", [], {"BRIGHTSTAR_CONFIG": "conf/cluster-s3.conf"}, True),
    # The defaults mention s3a:// only in a comment.
    ("local config", ["--config=conf/brightstar.conf"], {}, False),
    ("forced off", ["--warehouse", "s3a://b/w"], {"BRIGHTSTAR_S3": "0"}, False),
    ("forced on", [], {"BRIGHTSTAR_S3": "1"}, True),
])
def test_launcher_adds_hadoop_aws_only_for_s3a(case, args, environment, expected, s3_jars,
                                               tmp_path):
    """bin/brightstar's class path, seen by a stand-in `java` that prints its arguments."""
    java = tmp_path / "bin" / "java"
    java.parent.mkdir()
    java.write_text('#!/bin/sh\nprintf "%s\\n" "$@"\n')
    java.chmod(0o755)
    out, _ = brightstar("sql", "select 1", *args, JAVA_HOME=str(tmp_path), **environment)
    argv = out.splitlines()
    classpath = argv[argv.index("-cp") + 1].split(":")
    assert classpath[0] == str(REPO / "target" / "brightstar.jar")
    assert all((jar in classpath) == expected for jar in s3_jars), case
    assert any("/spark-sql_2.13-" in jar for jar in classpath)
