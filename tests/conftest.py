"""Shared fixtures: paths to the samples and a way to run the real command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


@pytest.fixture
def sample_2024() -> Path:
    return SAMPLES / "2024.yaml"


@pytest.fixture
def sample_2023() -> Path:
    return SAMPLES / "2023.yaml"


def run_cli(*args: str, cwd: Path | None = None, input: str | None = None) -> subprocess.CompletedProcess:
    """Run `python -m fazhi_draft` as a user would, in a fresh interpreter."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "fazhi_draft", *args], capture_output=True,
                          text=True, encoding="utf-8", cwd=cwd, input=input, env=env, timeout=120)
