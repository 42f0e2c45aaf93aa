"""The real DAG with the real `bin/brightstar`, in local mode. The shared demo warehouse is
built by `airflow dags test` for its last day (conftest.demo: 300 customers, 2023-2024, the
history before that day ingested first), and that run's log is checked here; then a backfill
of an earlier date runs on a copy of it, which must write its own slices rather than be
skipped as "already done" by an idempotency key that only looks at the latest date. The
backfill runs with {"train": false} (the DAG's parameter), as a backfill of the customer
tables usually does.
"""

from __future__ import annotations

import csv
import io
import re
import shutil

from conftest import DEMO_AS_OF, airflow, brightstar, real_dag_environment

DAY = DEMO_AS_OF
EARLIER = "2024-09-30"
# Each job's summary line, as bin/brightstar prints it: "[<stage>  12.3s] ...".
SUMMARIES = ["ingest", "unify", "clv", "customer360"]


def sql(warehouse, query):
    stdout, _ = brightstar("sql", query, "--format", "csv", "--warehouse", str(warehouse))
    return list(csv.reader(io.StringIO(stdout)))[1:]


def test_real_dag_runs_a_day_then_backfills_an_earlier_one(demo, tmp_path, airflow_home):
    # The day run that built the shared warehouse; the day's extracts were new to it.
    day = (demo / "day-run.log").read_text()
    warehouse = tmp_path / "warehouse"
    shutil.copytree(demo / "warehouse", warehouse)
    backfill = airflow(
        ["dags", "test", "brightstar_daily", EARLIER, "-c", '{"train": false}'],
        real_dag_environment(airflow_home, warehouse, demo / "landing"),
    )

    for output, date in ((day, DAY), (backfill, EARLIER)):
        assert f"run date {date} is on or after start_date 2023-01-01" in output
        for stage in SUMMARIES:
            assert re.search(rf"\[{stage} +[\d.]+s\]", output), f"no {stage} summary for {date}"
        assert "state=success" in output
    # The day's extracts were new to the warehouse; the backfilled day's were already loaded.
    assert re.search(r"finance\.invoices: 1 files, 1 of 1 days to load", day)
    assert re.search(r"finance\.invoices: 1 files, all 1 days already loaded unchanged", backfill)
    version = DAY.replace("-", "")
    for model in ("high_value", "dissatisfaction"):
        assert re.search(rf"\[train +[\d.]+s\] model {model}/{version} \(", day), model
        assert re.search(rf"\[score +[\d.]+s\] gold.customer_scores \({model}/{version}\)", day)
    assert re.search(r"\[insights +[\d.]+s\]", day)
    assert re.search(r"\[interventions +[\d.]+s\]", day)
    assert not re.search(r"\[(features|train|insights|score|interventions) +[\d.]+s\]", backfill)

    # One sql call (each starts a JVM): what each table holds per date or version.
    held = sql(
        warehouse,
        "select 'clv', string(as_of_date), count(*) from gold.clv group by 2"
        " union all select 'customer_360_history', string(as_of_date), count(*)"
        " from gold.customer_360_history group by 2"
        " union all select 'customer_360', string(as_of_date), count(*)"
        " from gold.customer_360 group by 2"
        " union all select 'model_runs', version, count(*) from gold.model_runs group by 2",
    )
    rows = {(table, key): int(count) for table, key, count in held}
    # The backfill's customers are those known on the earlier date: fewer than on the later one.
    assert 0 < rows[("clv", EARLIER)] < rows[("clv", DAY)]
    # gold.customer_360 keeps the latest date built; the backfilled date is in the history.
    assert rows[("customer_360_history", EARLIER)] > 0
    assert rows[("customer_360", DAY)] == rows[("customer_360_history", DAY)]
    assert ("customer_360", EARLIER) not in rows
    assert rows[("model_runs", DAY.replace("-", ""))] == 2
