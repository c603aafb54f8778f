"""RadarDuaal's domain package: pure functions over DataFrames, no Streamlit.

Where things live (each package's ``__init__`` says more):

- ``radar.kernel``: the shared vocabulary, each word defined once: ``schema``
  (columns, tables), ``regions`` (``Level``: gemeente, arrondissement, provincie,
  Resoc, hexagons), ``calendar`` (school years, "valid on a date", coverage),
  ``geo`` (distances, projection, within a radius), ``hexgrid`` (H3), ``ids`` (KBO
  numbers), ``settings`` (model parameters and operational limits), ``paths``
  (folders, read once from the environment), ``errors``, ``load``/``validate``
  (dataset folders), ``export`` (CSV and XLSX), ``format`` (Dutch numbers and dates),
  ``boundaries`` (region outlines), ``sources`` (attribution).
- ``radar.supply_demand``: Vraag & aanbod: supply, demand, ratios per area, E2SFCA
  and tekortstraal (``catchment``), per-lesplaats metrics, room for offer, overtal,
  and ``analysis`` that runs them for a page.
- ``radar.prospects``: Prospectie: the prospect index, scores, ranking, reasons,
  NACE, exports.
- ``radar.policy``: Tabellen: policy tables, crosstabs, suppression, reports and the
  Overzicht headline.
- ``radar.scenario``: Wat als: changes on top of the dataset (a new or closed
  lesplaats, new workplaces), applied in memory and compared before and after; the
  best spot for new offer or workplaces.
- ``radar.ingest``: Data: reading the official exports into the real-data store.
- ``radar.access``: login roles and ``may`` (``policy``), the audit trail
  (``audit``) and prospect follow-up (``followup``) in the store's SQLite (``db``).
- ``radar.demo``: the synthetic demo dataset (a leaf: nothing above imports it).
- ``radar.cli``: ``python -m radar ...``, an edge like the app (one module per
  feature adds its sub-commands).

The benchmark is a developer tool outside the package: ``benchmarks/``.
"""
