"""Tabellen: policy tables as of a date, for a parliamentary answer.

- ``tables``: recognitions, unique establishments, lesplaatsen and learners per group;
- ``crosstab``: two groupings at once;
- ``suppress``: small-count suppression (primary ``<K``, secondary ``x``);
- ``audit``: the LP audit of everything published together, with ``publication``
  (the published entries and how they relate), ``bounds`` (narrowing without LP) and
  ``linked`` (which tables of one answer are protected together);
- ``build``: a ``TableRequest`` (kind, grouping, date, comparison, suppression) turned
  into a ``PolicyTable``; the expiring-recognitions list;
- ``report``: workbooks and plain text with provenance;
- ``overview``: the Overzicht headline figures.
"""
