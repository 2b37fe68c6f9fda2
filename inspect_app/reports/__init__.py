"""Printed reports (reportlab, no Qt): the seven kinds, the embedded CJK font, the hash and QR
code of what was signed, and checking a printed report against the store."""
