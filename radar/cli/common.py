"""What every command shares: the dataset to open and the yes/no column writer."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from radar import demo
from radar.kernel import load
from radar.kernel.paths import Paths

if TYPE_CHECKING:
    from radar.prospects.index import ProspectIndex
    from radar.supply_demand.analysis import Prepared


def dataset_folder(args: argparse.Namespace) -> Path:
    """The folder of the dataset in use: ``--data``, else the paths' override, else
    the demo (generated on first use)."""
    paths: Paths = args.paths
    if args.data:
        return Path(args.data)
    if paths.data_override is not None:
        return paths.data_override
    if demo.ensure_demo(paths.demo, paths.reference):
        print(f"demodata aangemaakt in {paths.demo}", file=sys.stderr)
    return paths.demo


def open_dataset(args: argparse.Namespace) -> load.Dataset:
    """Load the dataset of ``dataset_folder``."""
    return load.load_dataset(dataset_folder(args))


def open_prepared(args: argparse.Namespace) -> tuple[load.Dataset, Prepared]:
    """The dataset in use with its Vraag & aanbod index, read from the index stored
    beside it (rebuilt when missing or stale), as the app does."""
    from radar.supply_demand import analysis

    folder = dataset_folder(args)
    ds = load.load_dataset(folder)
    return ds, analysis.load_prepared(ds, folder)


def open_prospects(args: argparse.Namespace) -> tuple[load.Dataset, ProspectIndex]:
    """The dataset in use with its stored Prospectie index (rebuilt when needed)."""
    from radar.prospects import index as prospect_index

    folder = dataset_folder(args)
    ds = load.load_dataset(folder)
    return ds, prospect_index.load_prospects(ds, folder)


def yes_no(values: pd.Series) -> pd.Series:
    """Write a flag column as ``ja`` / ``nee``."""
    return values.map({True: "ja", False: "nee"})
