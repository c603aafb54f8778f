"""Wat als: plan a new lesplaats or new workplaces and see what changes around it.

A scenario is a small list of changes on top of the data of one programme and date,
applied in memory (the dataset never changes), and compared with the data as it is:

- ``changes``: the kinds of change (frozen dataclasses: ``AddLesplaats``,
  ``CloseLesplaats``, ``SetLearners``, ``AddWorkplaces``, ``RecogniseProspects``,
  ``DropExpiring``) and the ``Scenario``, with their checks;
- ``places``: the ``Base`` (supply and demand as Vraag & aanbod has them, with the
  lookups) and the builders that resolve a gemeente, an area, prospects or a date;
- ``apply``: ``apply(supply, demand, scenario) -> (supply', demand')``;
- ``compare``: ``evaluate`` (per-lesplaats metrics with their class, area ratios),
  ``compare`` (before and after side by side, the class changes, the headline),
  ``hexagon_change`` (the difference map) and ``export_frame`` (CSV);
- ``suggest``: the best spot for a new lesplaats or for M new workplaces (E2SFCA
  deltas for every candidate at once) and ``effects`` (the headline of the best);
- ``codec``: the scenario in a link (``?wijziging=...``), in a JSON file and in
  command-line options.
"""
