"""What travels between laptops and the central store, defined once for both sides."""
