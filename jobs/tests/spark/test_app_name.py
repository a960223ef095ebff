"""The console names every application `backfill-<run>-<stage>[-<chunk>]` with spark-submit's --name; a job
must not rename it, or YARN and the standalone master cannot tell which run an application belongs to."""
from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

APP = """
from jobs.common.spark import get_spark
spark = get_spark("backfill-silver")
print("APP_NAME", spark.sparkContext.appName, flush=True)
spark.stop()
"""


def test_the_name_spark_submit_was_given_wins(tmp_path):
    app = tmp_path / "name_probe.py"
    app.write_text(APP)
    result = subprocess.run(
        [str(ROOT / "scripts/spark_submit.sh"), "--name", "backfill-20261130-010203-abcd-silver", "--conf", "spark.ui.enabled=false", str(app)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "APP_NAME backfill-20261130-010203-abcd-silver" in result.stdout
