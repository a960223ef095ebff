"""One real run of the bronze job through scripts/spark_submit.sh (a fresh JVM) against the sample server."""
import json
import os
import subprocess
import time
from pathlib import Path

from devtools.sample_api.testing import sample_server
from jobs.common.lakehouse_tables import BRONZE_TABLE

PROJECT_ROOT = Path(__file__).resolve().parents[3]


def test_bronze_through_the_submit_wrapper(tmp_path):
    env = {
        **os.environ,
        "WAREHOUSE_URI": str(tmp_path / "warehouse"),
        "AIR_QUALITY_MIN_REQUEST_INTERVAL": "0",
        "SPARK_MASTER": "local[2]",
        "SPARK_DRIVER_MEMORY": "1g",
    }
    with sample_server() as server:
        started = time.monotonic()
        result = subprocess.run(
            [
                str(PROJECT_ROOT / "scripts/spark_submit.sh"),
                "jobs/bronze/run_bronze_pipeline.py",
                "--",
                "--mode", "backfill", "--start-date", "2024-01-30", "--end-date", "2024-02-01",
                "--override", "--api-url", server.url,
            ],
            cwd=PROJECT_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        elapsed = time.monotonic() - started
    print(f"spark_submit bronze run: {elapsed:.1f}s")
    assert result.returncode == 0, result.stderr[-3000:]
    progress = [json.loads(line.split(" ", 1)[1]) for line in result.stdout.splitlines() if line.startswith("BACKFILL_PROGRESS ")]
    assert progress[0] == {"done": 0, "total": 6, "unit": "location-months"}
    assert progress[-1] == {"done": 6, "total": 6, "unit": "location-months"}
    results = [json.loads(line.split(" ", 1)[1]) for line in result.stdout.splitlines() if line.startswith("BACKFILL_RESULT ")]
    assert len(results) == 1 and results[0]["rows_written"] == {BRONZE_TABLE: 3 * 24 * 3}
    assert (tmp_path / "warehouse" / "bronze" / "open_meteo_hourly" / "metadata").is_dir()
