"""Gold's windowed AQI inputs (NowCasts, 8/24-hour means) on local Spark: wall time and JVM GC time.

    .venv/bin/python bench/gold-rolling-inputs.py     # LOCATIONS=60 HOURS=840 RUNS=3

Builds LOCATIONS x HOURS synthetic silver rows in memory, then computes jobs.gold.fact_hourly.with_rolling_inputs
RUNS times into Spark's no-op sink, and prints one JSON line: the seconds and the GC milliseconds of each run.
840 hours is a month chunk with gold's margins (48 hours before, 2 days after).
"""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pyspark.sql import SparkSession  # noqa: E402
from pyspark.sql import functions as F  # noqa: E402

from jobs.gold.fact_hourly import with_rolling_inputs  # noqa: E402

POLLUTANTS = ("pm2_5", "pm10", "ozone", "carbon_monoxide", "sulphur_dioxide", "nitrogen_dioxide")


def main() -> None:
    locations, hours, runs = (int(os.environ.get(name, default)) for name, default in (("LOCATIONS", 60), ("HOURS", 840), ("RUNS", 3)))
    spark = (
        SparkSession.builder.master("local[2]").config("spark.sql.session.timeZone", "UTC").config("spark.ui.enabled", "false").getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    silver = spark.range(locations * hours).select(
        (F.col("id") % locations).cast("string").alias("location_key"),
        F.timestamp_seconds(F.lit(1727740800) + (F.col("id") / locations).cast("long") * 3600).alias("ts_utc"),
        *[(F.rand(seed) * 100).alias(name) for seed, name in enumerate(POLLUTANTS)],
    ).cache()
    silver.count()
    collectors = spark.sparkContext._jvm.java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()

    def gc_ms() -> int:
        return sum(collector.getCollectionTime() for collector in collectors)

    results = []
    for _ in range(runs):
        gc_before, started = gc_ms(), time.monotonic()
        with_rolling_inputs(silver).write.format("noop").mode("overwrite").save()
        results.append({"seconds": round(time.monotonic() - started, 1), "gcMs": gc_ms() - gc_before})
    print(json.dumps({"bench": "gold-rolling-inputs", "locations": locations, "hours": hours, "runs": results, "load": os.getloadavg()[0]}))
    spark.stop()


if __name__ == "__main__":
    main()
