"""Bronze's spool: each API answer's parsed rows go to a file on local disk as soon as they are parsed,
so the Python driver holds one answer at a time whatever the range; the write reads the files back
with Spark and an explicit schema. The folder is removed when the job ends, also on failure or SIGTERM.

A file is NDJSON, one object per row: timestamps as microseconds since the epoch and dates as days
since the epoch (exact, no timestamp format to agree on), plus `_seq`, the row's place in fetch order,
so that for a (location_key, ts_utc) fetched twice the last one wins, as it always has.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from pyspark.sql import DataFrame, SparkSession, Window
from pyspark.sql import functions as F
from pyspark.sql.types import DateType, IntegerType, LongType, StructField, StructType, TimestampType

from jobs.common.lakehouse_tables import BRONZE_COLUMNS, BRONZE_SCHEMA
from jobs.common.spark import jvm

SPOOL_PREFIX = "backfill-bronze-spool-"
KEY = ["location_key", "ts_utc"]
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_EPOCH_DAY = date(1970, 1, 1)
_ONE_MICROSECOND = timedelta(microseconds=1)


def _spooled_type(data_type):
    if isinstance(data_type, TimestampType):
        return LongType()
    if isinstance(data_type, DateType):
        return IntegerType()
    return data_type


SPOOL_SCHEMA = StructType(
    [StructField(f.name, _spooled_type(f.dataType)) for f in BRONZE_SCHEMA.fields] + [StructField("_seq", LongType())]
)


def _encode(value):
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError(f"naive timestamp {value.isoformat()} in a bronze row")
        return (value - _EPOCH) // _ONE_MICROSECOND
    if isinstance(value, date):
        return (value - _EPOCH_DAY).days
    return value


def _decode(field: StructField) -> F.Column:
    column = F.col(field.name)
    if isinstance(field.dataType, TimestampType):
        return F.timestamp_micros(column).alias(field.name)
    if isinstance(field.dataType, DateType):
        return F.date_from_unix_date(column).alias(field.name)
    return column


def spool_parent() -> str | None:
    """Spark's first local dir when set (where Spark itself spills), else the system temp dir."""
    first = os.environ.get("SPARK_LOCAL_DIRS", "").split(",")[0].strip()
    return first or None


def executors_share_this_disk(spark: SparkSession) -> bool:
    return (spark.sparkContext.master or "").startswith("local")


class Spool:
    """`with Spool() as spool:` make the folder; `spool.write(rows)` once per answer; `spool.frame(spark)`
    the rows as a DataFrame of the bronze schema; leaving the block removes the folder."""

    def __init__(self, parent: str | None = None) -> None:
        self.parent = parent if parent is not None else spool_parent()
        self.dir: Path | None = None
        self.files = 0
        self.rows = 0
        self._shared: tuple[Any, Any] | None = None  # (FileSystem, Path) of the copy executors read on a cluster

    def __enter__(self) -> Spool:
        if self.parent:
            os.makedirs(self.parent, exist_ok=True)
        self.dir = Path(tempfile.mkdtemp(prefix=SPOOL_PREFIX, dir=self.parent))
        return self

    @property
    def folder(self) -> Path:
        """The spool's folder, made on entering the `with` block."""
        if self.dir is None:
            raise RuntimeError("a Spool is used inside `with Spool() as spool:`")
        return self.dir

    def __exit__(self, *exc) -> None:
        self.drop_shared_copy()
        if self.dir is not None:
            shutil.rmtree(self.dir, ignore_errors=True)

    def write(self, rows: list[tuple]) -> None:
        """One answer's rows (tuples in BRONZE_COLUMNS order) to a file of their own."""
        if not rows:
            return
        path = self.folder / f"part-{self.files:06d}.json"
        with open(path, "w", encoding="utf-8") as out:
            for row in rows:
                record = {name: _encode(value) for name, value in zip(BRONZE_COLUMNS, row, strict=True)}
                record["_seq"] = self.rows
                out.write(json.dumps(record, allow_nan=True))
                out.write("\n")
                self.rows += 1
        self.files += 1

    def frame(self, spark: SparkSession) -> DataFrame:
        """The spooled rows, one per (location_key, ts_utc) (the last fetched wins), in BRONZE_SCHEMA."""
        if self.files == 0:
            return spark.createDataFrame([], BRONZE_SCHEMA)
        raw = spark.read.schema(SPOOL_SCHEMA).option("mode", "FAILFAST").json(self._readable_path(spark))
        latest = Window.partitionBy(*KEY).orderBy(F.col("_seq").desc())
        unique = raw.withColumn("_rank", F.row_number().over(latest)).where(F.col("_rank") == 1)
        return unique.select(*[_decode(field) for field in BRONZE_SCHEMA.fields])

    def _readable_path(self, spark: SparkSession) -> str:
        """The local folder in local mode; on a cluster, whose executors cannot see this disk, a copy in
        the default Hadoop file system's home folder (HDFS on YARN), removed with the spool."""
        if executors_share_this_disk(spark):
            return self.folder.as_uri()
        if self._shared is None:
            hadoop_fs = jvm(spark).org.apache.hadoop.fs
            fs = hadoop_fs.FileSystem.get(spark._jsc.hadoopConfiguration())
            target = hadoop_fs.Path(fs.getHomeDirectory(), self.folder.name)
            fs.copyFromLocalFile(False, True, hadoop_fs.Path(self.folder.as_uri()), target)
            self._shared = (fs, target)
        return self._shared[1].toString()

    def drop_shared_copy(self) -> None:
        """Removes the cluster copy; call it before the session stops (leaving the block does too)."""
        if self._shared is None:
            return
        fs, target = self._shared
        self._shared = None
        try:
            fs.delete(target, True)
        except Exception:  # noqa: BLE001 - a stopped JVM: nothing more can be done from here
            pass
