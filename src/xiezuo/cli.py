"""The `xiezuo` command.

Engine commands that need no database (`xiezuo match solve`, `xiezuo ingest extract`)
run without starting Django; everything else is a Django management command
(`xiezuo demo`, `xiezuo migrate`, `xiezuo runserver` ...).
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable

ENGINE_COMMANDS: dict[tuple[str, ...], str] = {
    ("match", "solve"): "xiezuo.matching.cli",
    ("match", "generate"): "xiezuo.matching.cli",
    ("ingest", "extract"): "xiezuo.ingest.cli",
}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    module_name = ENGINE_COMMANDS.get(tuple(argv[:2]))
    if module_name:
        engine_main: Callable[[list[str]], int] = importlib.import_module(module_name).main
        return engine_main(argv[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiezuo.config.settings")
    # Django is loaded only for its commands: `xiezuo match solve` starts without it.
    from django.core.management import execute_from_command_line

    execute_from_command_line(["xiezuo", *argv])
    return 0


if __name__ == "__main__":
    sys.exit(main())
