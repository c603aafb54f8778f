"""What every command shares: the dataset to open and the yes/no column writer."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from radar import demo
from radar.kernel import load
from radar.kernel.paths import Paths


def open_dataset(args: argparse.Namespace) -> load.Dataset:
    """Load the dataset of ``--data``, else the paths' override, else the demo
    (generated on first use)."""
    paths: Paths = args.paths
    if args.data:
        return load.load_dataset(Path(args.data))
    if paths.data_override is not None:
        return load.load_dataset(paths.data_override)
    if demo.ensure_demo(paths.demo, paths.reference):
        print(f"demodata aangemaakt in {paths.demo}", file=sys.stderr)
    return load.load_dataset(paths.demo)


def yes_no(values: pd.Series) -> pd.Series:
    """Write a flag column as ``ja`` / ``nee``."""
    return values.map({True: "ja", False: "nee"})
