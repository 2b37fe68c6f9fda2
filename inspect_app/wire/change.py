"""One change as it travels: pushed from a laptop's outbox, pulled from the central store.

    {"change_id", "table", "record_id", "op", "fields", "hlc", "author", "base_seq"}

`fields` maps column names to scalars (text, number or null; lists and dicts are sent as their
JSON text, as stored). A pulled change also carries its `seq` on the central store.
"""

import re

TEXT_KEYS = ("change_id", "table", "record_id", "op", "hlc", "author")
OPS = ("upsert", "delete")
ID_MAX = 64  # change_id, record_id, table, author
HLC_MAX = 200
ID = re.compile(rf"^[0-9A-Za-z_-]{{1,{ID_MAX}}}$")
