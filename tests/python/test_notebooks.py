"""The notebooks in notebooks/, executed top to bottom with papermill against the shared demo
warehouse (their `warehouse` parameter), as a data scientist would run them. Any cell error
fails the test. A cell whose table is not built yet prints "skipped: ..." and the notebook
goes on. The committed notebooks carry no outputs: a run's results never go into git.
"""

from __future__ import annotations

import json

import nbformat
import papermill
import pytest
from conftest import QUICK_JVM, REPO

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
# Charts each notebook draws from today's gold tables (more as the skipped sections land).
MIN_CHARTS = {"01_customer_value": 2, "02_lifetime_value": 4, "03_models": 2}


def test_there_are_the_three_notebooks():
    assert [n.stem for n in NOTEBOOKS] == sorted(MIN_CHARTS)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_notebook_has_no_outputs_and_a_parameters_cell(notebook):
    nb = nbformat.read(notebook, as_version=4)

    nbformat.validate(nb)
    stale = [i for i, c in enumerate(nb.cells)
             if c.cell_type == "code" and (c.outputs or c.execution_count is not None)]
    assert stale == [], f"{notebook.name}: cells {stale} carry outputs; clear them (README)"
    assert "papermill" not in json.dumps(nb.metadata)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1 and "warehouse =" in tagged[0].source
    assert nb.cells[0].cell_type == "markdown" and "**" in nb.cells[0].source, \
        "a notebook opens with a sentence (in bold) on what it answers"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_top_to_bottom_on_the_demo_warehouse(notebook, demo, tmp_path,
                                                           monkeypatch):
    executed = tmp_path / notebook.name
    # The kernel's Spark driver is a short-lived JVM on tiny data, as the launches of bin/brightstar
    # in these tests are (conftest.QUICK_JVM); the notebook's own settings are left untouched.
    monkeypatch.setenv("PYSPARK_SUBMIT_ARGS", f"--driver-java-options '{QUICK_JVM}' pyspark-shell")

    papermill.execute_notebook(
        str(notebook), str(executed), parameters={"warehouse": str(demo / "warehouse")},
        kernel_name="python3", cwd=str(notebook.parent), progress_bar=False,
    )

    nb = nbformat.read(executed, as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    charts = sum(1 for o in outputs if "image/png" in o.get("data", {}))
    assert charts >= MIN_CHARTS[notebook.stem]
    printed = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "Traceback" not in printed
