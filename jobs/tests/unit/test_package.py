"""The jobs are one importable package: no script edits sys.path, and each app runs from any folder once the
project's root is on PYTHONPATH (as scripts/spark_submit.sh and the console set it)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
APPS = ["jobs/bronze/run_bronze_pipeline.py", "jobs/silver/run_silver_pipeline.py", "jobs/gold/run_gold_pipeline.py"]


def test_no_module_edits_sys_path():
    offenders = [str(path.relative_to(ROOT)) for path in (ROOT / "jobs").rglob("*.py") if "sys.path." + "insert" in path.read_text()]
    assert offenders == []


@pytest.mark.parametrize("app", APPS)
def test_each_app_imports_the_package_from_pythonpath(app, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, str(ROOT / app), "--help"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "usage:" in result.stdout
