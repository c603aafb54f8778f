"""The kernel: what every feature shares, each concept defined once.

It imports no feature package (a test checks this). Modules: ``schema``,
``regions``, ``calendar``, ``geo``, ``hexgrid``, ``ids``, ``settings``, ``paths``,
``errors``, ``load``, ``validate``, ``export``, ``format``, ``boundaries``,
``sources``.
"""
