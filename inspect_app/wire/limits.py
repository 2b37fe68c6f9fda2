"""The sizes the central store accepts; a client asks for no more."""

MAX_BATCH = 1000  # changes in one push
MAX_PAGE = 5000  # changes in one pulled page
MAX_SHA_QUERY = 5000  # photo hashes in one "which are missing?" question
MAX_FIELD_TEXT = 1_000_000  # characters in one field's text value
