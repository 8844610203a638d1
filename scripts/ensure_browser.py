"""Make sure Debian's Chromium is present for the browser tests (installs it when root).

Playwright drives the system Chromium (/usr/bin/chromium); it never downloads a browser.
"""

import os
import shutil
import subprocess
import sys

CHROMIUM = "/usr/bin/chromium"


def main() -> int:
    if os.path.exists(CHROMIUM):
        return 0
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        print(f"{CHROMIUM} is missing: install Debian's 'chromium' package "
              "(apt-get install chromium) to run the browser tests.", file=sys.stderr)
        return 1
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "chromium", "fonts-noto-cjk"],
                   check=True, env=env)
    return 0


if __name__ == "__main__":
    sys.exit(main())
