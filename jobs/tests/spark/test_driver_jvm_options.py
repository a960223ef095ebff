"""On a local master the wrapper caps the driver's young generation at an eighth of its memory and lets G1
grow the heap for need (-XX:GCTimeRatio=1, scripts/spark_submit.sh): the flags must reach the JVM spark-submit starts, and a caller's own Java options
must still reach it, after ours so that theirs win."""
from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

APP = """
from pyspark.sql import SparkSession
spark = SparkSession.builder.getOrCreate()
arguments = spark._jvm.java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()
print("JVM_ARGUMENTS", " ".join(arguments), flush=True)
spark.stop()
"""


def test_the_driver_jvm_gets_the_young_generation_cap_before_the_callers_options(tmp_path):
    app = tmp_path / "jvm_probe.py"
    app.write_text(APP)
    result = subprocess.run(
        [
            str(ROOT / "scripts/spark_submit.sh"),
            "--conf", "spark.ui.enabled=false",
            "--conf", "spark.driver.extraJavaOptions=-XX:MaxNewSize=100m -XX:GCTimeRatio=9 -Dbackfill.probe=1",
            str(app),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    line = next(line for line in result.stdout.splitlines() if line.startswith("JVM_ARGUMENTS "))
    arguments = line.split()[1:]
    assert "-Xmx2g" in arguments
    ours, theirs = arguments.index("-XX:MaxNewSize=256m"), arguments.index("-XX:MaxNewSize=100m")
    assert ours < theirs and "-Dbackfill.probe=1" in arguments
    assert arguments.index("-XX:GCTimeRatio=1") < arguments.index("-XX:GCTimeRatio=9")
