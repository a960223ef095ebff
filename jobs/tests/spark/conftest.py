"""A local SparkSession with the Iceberg runtime and a fresh `lh` catalog per test session."""
from __future__ import annotations

import glob
import os
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[3]


def iceberg_jar() -> str:
    jars = sorted(glob.glob(str(PROJECT_ROOT / "jars" / "iceberg-spark-runtime-*.jar")))
    if not jars:
        raise RuntimeError("No Iceberg runtime jar in jars/; run scripts/setup.sh first.")
    return jars[-1]


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory) -> str:
    return str(tmp_path_factory.mktemp("warehouse"))


@pytest.fixture(scope="session")
def spark(warehouse):
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("jobs-tests")
        .config("spark.jars", iceberg_jar())
        .config("spark.sql.extensions", "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions")
        .config("spark.sql.catalog.lh", "org.apache.iceberg.spark.SparkCatalog")
        .config("spark.sql.catalog.lh.type", "hadoop")
        .config("spark.sql.catalog.lh.warehouse", warehouse)
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("WARN")
    yield session
    session.stop()
