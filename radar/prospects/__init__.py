"""Prospectie: establishments that could become workplaces for a programme.

- ``index``: ``Area`` (where to look) and ``prepare_prospects``, the dataset indexed
  once for fast queries (``ProspectIndex``);
- ``nace``: which NACE codes fit a programme, dotted codes and Dutch descriptions;
- ``scoring``: the five factors, their weights and ``score_candidates`` (one query,
  every candidate scored and ordered);
- ``ranking``: ``rank_prospects``, the top rows as a table (``ProspectResult``);
- ``reasons``: the Dutch reason per row, the score breakdown and the help text;
- ``export``: the export table (CSV) and the workbook (XLSX).
"""
