"""The sync protocol: what the laptop (sync/) and the central store (server/) must agree on.

Both sides import this package and never each other (tests/test_layers.py checks it):
`limits` (batch and page sizes the central store accepts), `change` (the shape of one change
as sent and pulled), `changes` (the typed schema of every record type's fields, checked the
same way by the central store and by a laptop merging what it pulled), `bundle` (the offline
sync file carried on a USB stick). It holds
constants and the file format only, no policy: what a change may do is the central store's
business (server/access.py), how it merges is core/merge.py.
"""
