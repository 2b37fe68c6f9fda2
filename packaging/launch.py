"""Entry point of the bundled `inspect-app` (PyInstaller runs this file as a script)."""

import sys

from inspect_app.cli import main

if __name__ == "__main__":
    sys.exit(main())
