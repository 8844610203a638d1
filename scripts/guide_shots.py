"""Copy the user guide's pictures from what the browser tests saw.

The browser tests save screenshots with the `shoot` fixture (tests/browser/conftest.py) to
var/screenshots/ (or $XIEZUO_SCREENSHOTS). `make guide-shots` runs those tests, then this
script copies the pictures docs/user-guide.zh.md shows into docs/guide/img/. A picture the
tests did not take is an error, so the guide never shows a stale or missing page.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = Path(os.environ.get("XIEZUO_SCREENSHOTS") or ROOT / "var" / "screenshots")
TARGET = ROOT / "docs" / "guide" / "img"

# The pictures of the guide, by the name the tests give them.
GUIDE = (
    "home-todos-1366", "phone-home", "phone-menu-open", "desktop-menu-open",
    "picker-region-open-1366", "picker-region-open-390",
    "people-new-form-1366", "people-person-page-1366", "trainings-add-trainee-1366",
    "round-form-1366", "round-proposal-1366", "round-proposal-390", "round-approved-1366",
    "report-review-1366", "desktop-insights", "dashboard-report-drilldown-1366",
    "exchange-posting-actions", "desktop-confirm-dialog", "phone-postings",
    "attachments-upload-form-390", "map-shandong-chongqing-1366",
)


def main() -> int:
    missing = [name for name in GUIDE if not (SOURCE / f"{name}.png").exists()]
    if missing:
        print(f"not taken by the browser tests (in {SOURCE}): {', '.join(missing)}", file=sys.stderr)
        return 1
    TARGET.mkdir(parents=True, exist_ok=True)
    for name in GUIDE:
        shutil.copyfile(SOURCE / f"{name}.png", TARGET / f"{name}.png")
    print(f"{len(GUIDE)} pictures copied to {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
