"""Vraag & aanbod: where workplaces are short for a programme, around which schools.

- ``supply``: recognised workplaces of a programme on a date (related ones weighted);
- ``demand``: lesplaatsen and learners of the date's school year (estimates flagged);
- ``ratios``: workplaces per learner per area (``Level``) and its class;
- ``catchment``: E2SFCA accessibility and the tekortstraal;
- ``locations``: the per-lesplaats metrics and radius curve;
- ``offer``: room for extra offer and overtal;
- ``analysis``: the dataset indexed once, and one call per page run.
"""
