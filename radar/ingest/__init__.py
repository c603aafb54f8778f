"""Ingest the official registers into the real-data store (``python -m radar ingest``).

``sniff`` reads delimited/XLSX/JSON inputs with line numbers, ``arrowcsv`` streams the
big KBO files, ``kbo``, ``education`` and ``recognitions`` parse one source each into
a source table plus rejects, ``assemble`` builds the dataset and ``store`` archives,
snapshots and swaps it in atomically.
"""
