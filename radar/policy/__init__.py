"""Tabellen: policy tables as of a date, for a parliamentary answer.

- ``tables``: recognitions, unique establishments, lesplaatsen and learners per group;
- ``crosstab``: two groupings at once;
- ``suppress``: small-count suppression;
- ``build``: a ``TableRequest`` (kind, grouping, date, comparison, suppression) turned
  into a ``PolicyTable``; the expiring-recognitions list;
- ``report``: workbooks and plain text with provenance;
- ``overview``: the Overzicht headline figures.
"""
