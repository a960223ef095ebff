"""scripts/spark_submit.sh --dry-run: the argv it would run, in both call forms."""
import os
import subprocess
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[3]
WRAPPER = PROJECT_ROOT / "scripts" / "spark_submit.sh"
JAR = str(next((PROJECT_ROOT / "jars").glob("iceberg-spark-runtime-3.5_2.12-*.jar")))


def dry_run(*args: str, **env: str) -> list[str]:
    clean_env = {k: v for k, v in os.environ.items() if k not in ("SPARK_MASTER", "WAREHOUSE_URI", "SPARK_DRIVER_MEMORY", "SPARK_CONF_DIR")}
    result = subprocess.run(
        ["bash", str(WRAPPER), "--dry-run", *args],
        capture_output=True,
        text=True,
        env={**clean_env, **env},
        cwd=PROJECT_ROOT,
        check=True,
    )
    return result.stdout.splitlines()


def conf_values(argv: list[str]) -> list[str]:
    return [argv[i + 1] for i, arg in enumerate(argv) if arg == "--conf"]


def test_seed_form_adds_master_jar_catalog_and_passes_app_args():
    argv = dry_run("jobs/bronze/run_bronze_pipeline.py", "--", "--mode", "backfill", "--start-date", "2024-01-01")
    assert argv[0] == str(PROJECT_ROOT / ".venv/bin/spark-submit")
    assert argv[argv.index("--master") + 1] == "local[*]"
    assert argv[argv.index("--jars") + 1] == JAR
    confs = conf_values(argv)
    assert "spark.sql.extensions=org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions" in confs
    assert "spark.sql.catalog.lh=org.apache.iceberg.spark.SparkCatalog" in confs
    assert "spark.sql.catalog.lh.type=hadoop" in confs
    assert f"spark.sql.catalog.lh.warehouse={PROJECT_ROOT / 'warehouse'}" in confs
    assert "spark.sql.session.timeZone=UTC" in confs
    assert "spark.driver.memory=2g" in confs
    app = argv.index(str(PROJECT_ROOT / "jobs/bronze/run_bronze_pipeline.py"))
    assert argv[app + 1 :] == ["--mode", "backfill", "--start-date", "2024-01-01"]


def test_environment_sets_master_warehouse_and_driver_memory():
    argv = dry_run("jobs/x.py", "--", SPARK_MASTER="local[2]", WAREHOUSE_URI="/data/wh", SPARK_DRIVER_MEMORY="1g")
    assert argv[argv.index("--master") + 1] == "local[2]"
    assert "spark.sql.catalog.lh.warehouse=/data/wh" in conf_values(argv)
    assert "spark.driver.memory=1g" in conf_values(argv)


def test_console_form_keeps_the_callers_options_last_so_they_win():
    app = str(PROJECT_ROOT / "jobs/silver/run_silver_pipeline.py")
    argv = dry_run(
        "--master", "local[2]", "--name", "backfill-r1-silver", "--conf", "spark.ui.showConsoleProgress=true",
        "--conf", "spark.sql.session.timeZone=Asia/Ho_Chi_Minh", app, "--mode", "full", "--warehouse", "/w",
    )
    assert argv.count("--master") == 1 and argv[argv.index("--master") + 1] == "local[2]"
    confs = conf_values(argv)
    assert confs.index("spark.sql.session.timeZone=Asia/Ho_Chi_Minh") > confs.index("spark.sql.session.timeZone=UTC")
    assert argv[argv.index("--name") + 1] == "backfill-r1-silver"
    assert argv[argv.index(app) + 1 :] == ["--mode", "full", "--warehouse", "/w"]
    assert argv.index("--name") > argv.index("--jars")


def test_callers_driver_memory_conf_comes_after_the_default():
    confs = conf_values(dry_run("--conf", "spark.driver.memory=6g", "app.py"))
    assert confs.index("spark.driver.memory=6g") > confs.index("spark.driver.memory=2g")


def test_callers_jars_are_added_to_the_iceberg_jar():
    argv = dry_run("--jars", "/x/extra.jar", "app.py")
    assert argv.count("--jars") == 1 and argv[argv.index("--jars") + 1] == f"{JAR},/x/extra.jar"


def test_yarn_ships_the_jobs_package_and_no_local_driver_memory():
    argv = dry_run("--master", "yarn", "--name", "n", "/abs/app.py", "--mode", "all")
    assert argv[argv.index("--py-files") + 1].endswith(".zip")
    assert not any(c.startswith("spark.driver.memory=") for c in conf_values(argv))
    assert argv[-3:] == ["/abs/app.py", "--mode", "all"]


def test_app_arguments_are_passed_verbatim_even_with_spaces_and_quotes():
    argv = dry_run("app.py", "--", "--locations", "hanoi, hcmc", "it's $HOME")
    assert argv[-2:] == ["hanoi, hcmc", "it's $HOME"]


def test_missing_app_is_a_usage_error():
    result = subprocess.run(["bash", str(WRAPPER), "--master", "local[1]"], capture_output=True, text=True)
    assert result.returncode == 2 and "usage" in result.stderr


def test_yarn_uses_the_spark_jars_archive_unless_the_caller_names_one():
    archive = "hdfs://nn:8020/spark/spark-libs.zip"
    assert f"spark.yarn.archive={archive}" in conf_values(dry_run("--master", "yarn", "app.py", SPARK_YARN_ARCHIVE=archive))
    local = conf_values(dry_run("--master", "local[2]", "app.py", SPARK_YARN_ARCHIVE=archive))
    assert not any(value.startswith("spark.yarn.archive") for value in local)
    mine = conf_values(dry_run("--master", "yarn", "--conf", "spark.yarn.archive=hdfs://other/libs.zip", "app.py", SPARK_YARN_ARCHIVE=archive))
    assert [value for value in mine if value.startswith("spark.yarn.archive")] == ["spark.yarn.archive=hdfs://other/libs.zip"]


def young_generation_caps(argv: list[str]) -> list[str]:
    return [c for c in conf_values(argv) if c.startswith("spark.driver.defaultJavaOptions=")]


def driver_memory_confs(argv: list[str]) -> list[str]:
    return [c for c in conf_values(argv) if c.startswith("spark.driver.memory=")]


def cap(mib: int) -> list[str]:
    return [f"spark.driver.defaultJavaOptions=-XX:MaxNewSize={mib}m -XX:GCTimeRatio=1"]


def test_local_driver_young_generation_is_capped_at_an_eighth_of_its_memory_and_its_heap_grown_for_need():
    assert young_generation_caps(dry_run("app.py")) == ["spark.driver.defaultJavaOptions=-XX:MaxNewSize=256m -XX:GCTimeRatio=1"]
    assert young_generation_caps(dry_run("app.py", SPARK_DRIVER_MEMORY="1g")) == cap(128)


def test_young_generation_cap_follows_the_callers_driver_memory_in_any_of_sparks_forms():
    assert young_generation_caps(dry_run("--driver-memory", "8g", "app.py")) == cap(1024)
    assert young_generation_caps(dry_run("--conf", "spark.driver.memory=4096M", "app.py")) == cap(512)
    assert young_generation_caps(dry_run("--driver-memory=3072", "app.py")) == cap(384)
    # A leading zero is decimal, not octal.
    assert young_generation_caps(dry_run("app.py", SPARK_DRIVER_MEMORY="08g")) == cap(1024)


def test_no_young_generation_cap_for_a_size_it_cannot_read_a_tiny_driver_or_a_cluster():
    assert young_generation_caps(dry_run("--conf", "spark.driver.memory=lots", "app.py")) == []
    assert young_generation_caps(dry_run("--driver-memory", "128m", "app.py")) == []
    assert young_generation_caps(dry_run("--master", "yarn", "app.py")) == []
    assert young_generation_caps(dry_run("--master", "spark://h:7077", "app.py")) == []


# Spark 3.5's value options (SparkSubmitOptionParser), -c being the short --conf.
SPARK_VALUE_OPTIONS = [
    "--archives", "--class", "--conf", "-c", "--deploy-mode", "--driver-class-path", "--driver-cores",
    "--driver-java-options", "--driver-library-path", "--driver-memory", "--exclude-packages", "--executor-cores",
    "--executor-memory", "--files", "--jars", "--keytab", "--kill", "--master", "--name", "--num-executors",
    "--packages", "--principal", "--properties-file", "--proxy-user", "--py-files", "--queue", "--remote",
    "--repositories", "--status", "--total-executor-cores",
]


def passed_as(option: str, value: str) -> list[str]:
    if option == "--jars":
        return ["--jars", f"{JAR},{value}"]
    return ["--conf" if option == "-c" else option, value]


def follows(argv: list[str], pair: list[str]) -> bool:
    return any(argv[i : i + 2] == pair for i in range(len(argv) - 1))


@pytest.mark.parametrize("option", SPARK_VALUE_OPTIONS)
def test_every_value_option_takes_the_next_argument_even_one_that_reads_as_an_option(option):
    for value in ("-XX:MaxNewSize=777m", "--conf=spark.driver.memory=64g"):
        argv = dry_run(option, value, "app.py")
        assert argv[-1] == str(PROJECT_ROOT / "app.py")
        assert follows(argv, passed_as(option, value))
        assert "spark.driver.memory=64g" not in conf_values(argv)


@pytest.mark.parametrize("option", [option for option in SPARK_VALUE_OPTIONS if option.startswith("--")])
def test_every_value_option_takes_its_value_after_an_equals_sign(option):
    argv = dry_run(f"{option}=-XX:MaxNewSize=777m", "app.py")
    assert argv[-1] == str(PROJECT_ROOT / "app.py")
    assert follows(argv, passed_as(option, "-XX:MaxNewSize=777m"))


def test_other_options_are_passed_as_they_are():
    argv = dry_run("--verbose", "--supervise", "--no-such=x", "app.py", "--mode", "full")
    assert argv[-6:] == ["--verbose", "--supervise", "--no-such=x", str(PROJECT_ROOT / "app.py"), "--mode", "full"]


def test_young_generation_cap_follows_the_short_conf():
    assert young_generation_caps(dry_run("-c", "spark.driver.memory=8g", "app.py")) == cap(1024)


def test_no_young_generation_cap_from_our_default_when_the_callers_driver_memory_is_empty():
    assert young_generation_caps(dry_run("--driver-memory", "", "app.py")) == []
    assert young_generation_caps(dry_run("--driver-memory=", "app.py")) == []
    assert young_generation_caps(dry_run("--conf", "spark.driver.memory=", "app.py")) == []
    assert young_generation_caps(dry_run("-c", "spark.driver.memory=", "app.py", SPARK_DRIVER_MEMORY="4g")) == []
    # The last one given wins, as in spark-submit.
    assert young_generation_caps(dry_run("--driver-memory", "", "--conf", "spark.driver.memory=4g", "app.py")) == [
        "spark.driver.defaultJavaOptions=-XX:MaxNewSize=512m -XX:GCTimeRatio=1"
    ]


def test_a_properties_files_driver_memory_is_the_callers_and_not_overridden(tmp_path):
    # A --conf beats a properties file in spark-submit: the wrapper's default must not replace the file's.
    props = tmp_path / "props.conf"
    props.write_text("# driver\nspark.app.name x\nspark.driver.memory 4g\nspark.driver.memory 8g\n")
    for args in (("--properties-file", str(props)), (f"--properties-file={props}",)):
        argv = dry_run(*args, "app.py", SPARK_DRIVER_MEMORY="1g")
        assert driver_memory_confs(argv) == []
        assert young_generation_caps(argv) == cap(1024)
    # Java properties forms: key=value, key:value, leading blanks, CRLF, a continued line, comments.
    for text, mib in (
        ("spark.driver.memory=4g\n", 512),
        ("  spark.driver.memory : 4096m \r\n", 512),
        ("spark.driver.memory\t\\\n   3g\n", 384),
        ("spark.driver.memory 4g\n# spark.driver.memory 1g\n! spark.driver.memory 1g\n", 512),
        ("other = a \\\nspark.driver.memory 1g\nspark.driver.memory=6g", 768),
    ):
        props.write_text(text, newline="")
        argv = dry_run("--properties-file", str(props), "app.py")
        assert (driver_memory_confs(argv), young_generation_caps(argv)) == ([], cap(mib)), text
    # One it cannot read is still the caller's: no conf of ours, no cap.
    props.write_text("spark.driver.memory 4\\u0067\n")
    argv = dry_run("--properties-file", str(props), "app.py")
    assert (driver_memory_confs(argv), young_generation_caps(argv)) == ([], [])
    # The command line beats the file, as in spark-submit.
    props.write_text("spark.driver.memory 8g\n")
    argv = dry_run("--properties-file", str(props), "--driver-memory", "2g", "app.py")
    assert young_generation_caps(argv) == cap(256)


def test_a_properties_file_without_driver_memory_or_unreadable_keeps_the_default(tmp_path):
    props = tmp_path / "props.conf"
    for text in ("spark.app.name x\n", "spark.driver.memoryOverhead 1g\nspark.driver.memory.x 8g\n", "spark.driver.memory=\n"):
        props.write_text(text)
        argv = dry_run("--properties-file", str(props), "app.py")
        assert (driver_memory_confs(argv), young_generation_caps(argv)) == (["spark.driver.memory=2g"], cap(256)), text
    for missing in (tmp_path / "nope.conf", tmp_path):
        argv = dry_run("--properties-file", str(missing), "app.py")
        assert (driver_memory_confs(argv), young_generation_caps(argv)) == (["spark.driver.memory=2g"], cap(256))


def test_spark_defaults_in_spark_conf_dir_is_read_unless_a_properties_file_is_given(tmp_path):
    (tmp_path / "spark-defaults.conf").write_text("spark.driver.memory 4g\n")
    argv = dry_run("app.py", SPARK_CONF_DIR=str(tmp_path))
    assert (driver_memory_confs(argv), young_generation_caps(argv)) == ([], cap(512))
    # spark-submit reads spark-defaults.conf only when no --properties-file is given.
    other = tmp_path / "other.conf"
    other.write_text("spark.app.name x\n")
    argv = dry_run("--properties-file", str(other), "app.py", SPARK_CONF_DIR=str(tmp_path))
    assert (driver_memory_confs(argv), young_generation_caps(argv)) == (["spark.driver.memory=2g"], cap(256))


def test_driver_memory_and_its_conf_the_last_given_wins_as_sparks_launcher_sets_xmx():
    # SparkSubmitCommandBuilder's OptionParser puts --driver-memory and --conf spark.driver.memory in one map,
    # and the local driver's -Xmx is read from it: the last one given is the heap.
    assert young_generation_caps(dry_run("--driver-memory", "1g", "--conf", "spark.driver.memory=8g", "app.py")) == cap(1024)
    assert young_generation_caps(dry_run("--conf", "spark.driver.memory=8g", "--driver-memory", "1g", "app.py")) == cap(128)
    assert young_generation_caps(dry_run("-c", "spark.driver.memory=8g", "--driver-memory=2g", "app.py")) == cap(256)


def test_sizes_are_read_with_sparks_suffixes():
    # JavaUtils.byteStringAsMb: b, k/kb, m/mb, g/gb, t/tb, p/pb, any case; a bare number is MiB.
    for size, mib in (
        ("536870912b", 512), ("536870912B", 512), ("1048576k", 1024), ("1048576KB", 1024), ("1024mb", 1024),
        ("2gb", 2048), ("2G", 2048), ("1tb", 1024**2), ("1PB", 1024**3), ("2048", 2048),
    ):
        assert young_generation_caps(dry_run("--driver-memory", size, "app.py")) == cap(mib // 8), size
    # Bytes round down: 512,000 bytes is 0 MiB, no cap.
    assert young_generation_caps(dry_run("--driver-memory", "512000b", "app.py")) == []
    for unreadable in ("2x", "1.5g", "g", "99999999999999999999m", "9999999999999p"):
        assert young_generation_caps(dry_run("--driver-memory", unreadable, "app.py")) == [], unreadable


@pytest.mark.parametrize("master", ["local", "local[1]", "local[*]", "local[4,3]", "local[*, 2]"])
def test_local_masters_get_the_driver_memory_and_the_cap(master):
    argv = dry_run("--master", master, "app.py")
    assert (driver_memory_confs(argv), young_generation_caps(argv)) == (["spark.driver.memory=2g"], cap(256))


@pytest.mark.parametrize("master", ["local-cluster[2,1,1024]", "localhost", "local[x]", "local[2", "locals"])
def test_other_masters_starting_with_local_get_neither(master):
    argv = dry_run("app.py", SPARK_MASTER=master)
    assert (driver_memory_confs(argv), young_generation_caps(argv)) == ([], [])
