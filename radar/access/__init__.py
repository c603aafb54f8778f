"""Access: who may see what, what they did, and how prospects are followed up.

- ``policy``: the roles (``Role``), the guarded actions (``Action``), the user
  (``User``), the TOML role policy and ``may``, the one place that answers "may this
  user do X";
- ``db``: the SQLite database in the store (WAL, short write transactions);
- ``audit``: the append-only audit trail (logins, ingests, switches, exports,
  refusals);
- ``followup``: status and note per establishment and programme, with versions so a
  stale write is refused as a conflict.

No Streamlit here: ``ui/auth.py`` and ``ui/followup.py`` put it on the pages.
"""
