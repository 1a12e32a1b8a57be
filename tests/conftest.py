"Shared test settings: offline hub, a headless plotting backend, the repo root."
import os
from pathlib import Path
import pytest

os.environ.setdefault('HF_HUB_OFFLINE', '1')
os.environ.setdefault('MPLBACKEND', 'Agg')
# tests run on several workers: one OpenMP thread each, so that they share the cores instead of spinning on them
os.environ.setdefault('OMP_NUM_THREADS', '1')
ROOT = Path(__file__).resolve().parents[1]

@pytest.fixture
def root(): return ROOT
