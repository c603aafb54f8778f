"""Ingest the official registers into the real-data store (``python -m radar ingest``).

What lives where:

- ``store``: the store itself (archive the input, snapshot, assemble, atomic swap,
  prune) and ``store.parse``, which picks the parser of a source;
- ``archive``: zip-bomb checks and hashed copies of the inputs;
- ``report``: source labels, the period of a table, the Data page's overview;
- ``result``: ``Parsed`` (what every parser returns), the sources, the reject codes;
- ``kbo``: KBO open data -> establishments; it joins ``kbo_source`` (the delivery's
  files and columns), ``kbo_tables`` (meta, establishments, names),
  ``kbo_addresses`` (addresses, placed), ``kbo_numbers`` (KBO numbers) and
  ``kbo_activities`` (NACE codes, employer flag); ``kbo_timing`` times the KBO parse
  against a plain pyarrow read of the same files (the bench's ingest line);
- ``education`` (offer, learner counts) and ``recognitions`` (the register): one
  source each, with the row checks of ``checks``;
- ``sniff`` reads delimited/XLSX/JSON inputs with line numbers, ``arrowcsv`` streams
  the big KBO files, ``places`` places rows on the map (postcode, NIS, lat/lng);
- ``assemble`` builds the real dataset from the latest source tables.
"""
