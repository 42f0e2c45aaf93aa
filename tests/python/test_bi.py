"""The SQL endpoint for BI tools: `bin/brightstar serve-sql` on a free loopback port over the
shared demo warehouse, queried through the Hive JDBC driver (org.apache.hive:hive-jdbc,
standalone jar, from Maven Central) as DBeaver or Superset would, and compared with
`bin/brightstar sql`. The endpoint is the real Spark Thrift Server from the pip pyspark
distribution of this venv.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import math
import os
import re
import signal
import socket
import subprocess
import time

import pytest
from conftest import LAUNCHER, REPO, brightstar

HIVE_JDBC = "org.apache.hive:hive-jdbc:4.0.1:jar:standalone"
JDBC_DIR = REPO / "target" / "hive-jdbc"
VIEWS = [
    "v_customer_overview", "v_tier_summary", "v_pareto", "v_model_runs", "v_customer_scores",
    "v_behaviour_insights", "v_interventions", "v_prospect_scores",
]
# Column names that would mean a person's data reached BI (company names are not personal).
PERSONAL = re.compile(r"e_?mail|phone|contact|first_name|last_name|full_name|person")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def driver():
    """The Hive JDBC standalone jar, fetched from Maven Central once."""
    jars = list(JDBC_DIR.glob("hive-jdbc-*-standalone.jar"))
    if not jars:
        subprocess.run(
            ["mvn", "-B", "-ntp", "-q", "dependency:copy", f"-Dartifact={HIVE_JDBC}",
             f"-DoutputDirectory={JDBC_DIR}"],
            check=True, timeout=600,
        )
        jars = list(JDBC_DIR.glob("hive-jdbc-*-standalone.jar"))
    (jar,) = jars
    return jar


@pytest.fixture(scope="module")
def endpoint(demo, tmp_path_factory):
    """serve-sql on a free 127.0.0.1 port; yields (url, log file, process); always stopped."""
    # Located, not imported: other tests check that parsing the DAG imports no pyspark.
    pyspark_home = importlib.util.find_spec("pyspark").submodule_search_locations[0]
    port = free_port()
    log = tmp_path_factory.mktemp("serve-sql") / "serve-sql.log"
    environment = {k: v for k, v in os.environ.items() if not k.startswith("BRIGHTSTAR_")}
    environment["BRIGHTSTAR_PYSPARK_HOME"] = pyspark_home
    environment["BRIGHTSTAR_DRIVER_MEMORY"] = "2g"
    with open(log, "w") as out:
        process = subprocess.Popen(
            [str(LAUNCHER), "serve-sql", "--port", str(port), "--bind", "127.0.0.1",
             "--warehouse", str(demo / "warehouse")],
            cwd=demo, env=environment, stdout=out, stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 600
        while "listening on jdbc:hive2://" not in log.read_text():
            assert process.poll() is None, f"serve-sql exited:\n{log.read_text()}"
            assert time.monotonic() < deadline, f"serve-sql did not start:\n{log.read_text()}"
            time.sleep(1)
        yield f"jdbc:hive2://127.0.0.1:{port}/default", log, process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=120)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def jdbc(driver, url, *args) -> list[list[str]]:
    """Runs tests/jdbc/JdbcQuery.java with the Hive JDBC driver; its lines split on tabs."""
    result = subprocess.run(
        ["java", "-cp", str(driver), str(REPO / "tests" / "jdbc" / "JdbcQuery.java"), url, *args],
        capture_output=True, text=True, timeout=900,
    )
    assert result.returncode == 0, f"JDBC {args[:1]} failed:\n{result.stderr[-4000:]}"
    return [line.split("\t") for line in result.stdout.splitlines()]


def jdbc_queries(driver, url, *queries) -> dict[str, list[list[str]]]:
    """Each query's lines (header first), all run over one JDBC connection."""
    results, current = {}, None
    for line in jdbc(driver, url, "query", *queries):
        if line[0].startswith("## "):
            current = results.setdefault("\t".join(line)[3:], [])
        else:
            current.append(line)
    return results


@pytest.fixture(scope="module")
def over_jdbc(driver, endpoint):
    """Every view's rows as a BI tool gets them: `select *` over one JDBC connection."""
    url, _, _ = endpoint
    results = jdbc_queries(driver, url, *(f"select * from gold.{view}" for view in VIEWS))
    return {view: results[f"select * from gold.{view}"] for view in VIEWS}


@pytest.fixture(scope="module")
def from_cli(demo):
    """Every view's rows from `bin/brightstar sql`, in one run (each run starts a JVM): one
    statement that turns each row into JSON, nulls kept; view name -> (columns, rows)."""
    query = " union all ".join(
        f"select '{view}' as view, to_json(struct(*), map('ignoreNullFields', 'false')) as row"
        f" from gold.{view}"
        for view in VIEWS
    )
    stdout, _ = brightstar(
        "sql", query, "--format", "csv", "--max-rows", "10000000",
        "--warehouse", str(demo / "warehouse"), cwd=demo,
    )
    results = {view: ([], []) for view in VIEWS}
    for view, row in list(csv.reader(io.StringIO(stdout)))[1:]:
        values = json.loads(row)
        columns, rows = results[view]
        columns[:] = list(values)
        rows.append([None if v is None else str(v) for v in values.values()])
    return results


def normal(value):
    """One value as both sides print it: NULL as None, booleans as bool (JDBC says true, the
    CLI's rows say True), numbers to 9 significant digits."""
    if value in ("\\N", "", None):
        return None
    if isinstance(value, bool) or str(value).lower() in ("true", "false"):
        return str(value).lower() == "true"
    try:
        number = float(value)
    except ValueError:
        return value
    if math.isnan(number) or number == 0:
        return number
    return round(number, 8 - int(math.floor(math.log10(abs(number)))))


def normal_rows(rows):
    return sorted((tuple(normal(v) for v in row) for row in rows), key=repr)


def test_endpoint_listens_on_loopback_and_registers_every_table_and_view(endpoint, demo):
    url, log, _ = endpoint

    text = log.read_text()
    assert f"listening on {url}" in text
    assert url.startswith("jdbc:hive2://127.0.0.1:")
    tables = sum(
        1 for layer in ("bronze", "silver", "gold")
        for d in (demo / "warehouse" / layer).iterdir() if (d / "_delta_log").is_dir()
    )
    assert f"{tables} tables and {len(VIEWS)} BI views" in text


def test_a_bi_tool_lists_every_warehouse_table_and_the_views(driver, endpoint, demo):
    url, _, _ = endpoint

    listed = {(schema, name, kind) for schema, name, kind in jdbc(driver, url, "tables")}

    expected = {
        (layer, d.name, "TABLE")
        for layer in ("bronze", "silver", "gold")
        for d in (demo / "warehouse" / layer).iterdir()
        if (d / "_delta_log").is_dir()
    } | {("gold", view, "VIEW") for view in VIEWS}
    assert listed == expected
    assert ("gold", "customer_360", "TABLE") in listed


@pytest.mark.parametrize("view", VIEWS)
def test_each_view_answers_over_jdbc_exactly_as_bin_brightstar_sql(over_jdbc, from_cli, view):
    header, *rows = over_jdbc[view]
    columns, cli_rows = from_cli[view]

    assert rows, f"gold.{view} is empty on the demo warehouse"
    assert header == columns
    assert normal_rows(rows) == normal_rows(cli_rows)


def test_pareto_view_ends_at_all_customers_and_all_revenue(driver, endpoint):
    url, _, _ = endpoint

    totals = (
        "select (select count(*) from gold.customer_360 where as_of_date ="
        " (select max(as_of_date) from gold.customer_360)),"
        " (select sum(revenue_usd) from gold.v_customer_overview),"
        " max(customer_share), max(revenue_share) from gold.v_pareto"
    )
    curve = "select count(*), max(cumulative_revenue_usd) from gold.v_pareto"
    results = jdbc_queries(driver, url, totals, curve)
    ((customers, revenue, last_customer_share, last_revenue_share),) = results[totals][1:]
    ((rows, top_revenue),) = results[curve][1:]

    assert int(rows) == int(customers) > 0
    assert float(top_revenue) == pytest.approx(float(revenue))
    assert float(last_customer_share) == pytest.approx(1.0)
    assert float(last_revenue_share) == pytest.approx(1.0)


def test_views_document_every_column_and_hold_no_personal_data(driver, endpoint, over_jdbc):
    url, _, _ = endpoint

    columns = jdbc(driver, url, "columns", "gold", *VIEWS)

    assert {view for view, *_ in columns} == set(VIEWS)
    for view, name, _, comment in columns:
        assert comment.strip() not in ("", "null"), f"gold.{view}.{name} has no comment"
        assert not PERSONAL.search(name), f"gold.{view}.{name} looks like personal data"
    for view, (_, *rows) in over_jdbc.items():
        emails = [v for row in rows for v in row if re.search(r"\S+@\S+\.\w+", v)]
        assert emails == [], f"gold.{view} shows e-mail addresses: {emails[:3]}"


def test_endpoint_logs_each_statement_with_its_time(endpoint):
    _, log, _ = endpoint

    assert re.search(r"\[serve-sql +[\d.]+s\] [\d,]+ ms ok: select \* from gold\.v_pareto",
                     log.read_text())


def test_endpoint_stops_cleanly_on_sigterm(endpoint):
    _, log, process = endpoint

    process.send_signal(signal.SIGTERM)
    process.wait(timeout=120)

    # The JVM runs its shutdown hooks, then exits 128 + SIGTERM.
    assert process.returncode == 143
    assert re.search(r"\[serve-sql +[\d.]+s\] stopped", log.read_text()), log.read_text()[-2000:]
