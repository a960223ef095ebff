"""SparkSession for the jobs. The submit wrapper (scripts/spark_submit.sh) configures the Iceberg
catalog `lh`; a job's own `--warehouse` overrides its location, which works because the catalog is
created lazily on first use of the new session."""
from __future__ import annotations

from typing import Any

from pyspark import SparkConf, SparkContext
from pyspark.sql import SparkSession

CATALOG = "lh"


def get_spark(app_name: str, warehouse: str | None = None) -> SparkSession:
    """`app_name` only when spark-submit named none: the console's `--name backfill-<run>-<stage>[-<chunk>]`
    is what YARN, the standalone master and the Spark UI must show, so a run's applications can be found."""
    builder = SparkSession.builder
    # The JVM first: only a JVM-backed SparkConf sees what spark-submit was given (--name is spark.app.name).
    SparkContext._ensure_initialized()
    if not SparkConf().contains("spark.app.name"):
        builder = builder.appName(app_name)
    if warehouse:
        builder = (
            builder.config(f"spark.sql.catalog.{CATALOG}", "org.apache.iceberg.spark.SparkCatalog")
            .config(f"spark.sql.catalog.{CATALOG}.type", "hadoop")
            .config(f"spark.sql.catalog.{CATALOG}.warehouse", warehouse)
        )
    return builder.getOrCreate()


def jvm(spark: SparkSession) -> Any:
    """py4j's view of the session's JVM (Optional in pyspark's hints: None only before a context starts)."""
    view = spark._jvm
    if view is None:
        raise RuntimeError("the SparkSession has no JVM")
    return view
