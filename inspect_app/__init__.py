"""inspect-app: offline-first construction quality and safety inspection (城镇老旧小区改造)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("inspect-app")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+src"
