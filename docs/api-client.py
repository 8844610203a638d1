#!/usr/bin/env python3
"""An example client of the xiezuo JSON API, using the Python standard library only.

It reads what the token's owner may read: every posting (选派记录), page by page, and the
dashboard's headline figures (统计总览). Create a token in xiezuo under 账户菜单 → API令牌,
then:

    export XIEZUO_URL=https://xiezuo.example.gov.cn      # the site, without /api
    export XIEZUO_TOKEN=xz_...                            # the token, shown once
    python3 docs/api-client.py --year 2026 --side west --region 500237

Without --pairing or --side/--region the dashboard is read for the first pairing the token
sees; without --year, for the current year.

The token acts as its owner: a 巫山 coordinator's token sees 巫山's records only, and an
auditor's token cannot change anything. A revoked or expired token gets 401 with the
reason in Chinese. See docs/api.md.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from typing import Any

PAGE_SIZE = 100
TIMEOUT = 30  # seconds


class ApiError(Exception):
    def __init__(self, status: int, detail: Any) -> None:
        super().__init__(f"HTTP {status}: {detail}")
        self.status = status
        self.detail = detail


class Client:
    def __init__(self, base_url: str, token: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token

    def get(self, path: str, **params: Any) -> Any:
        query = urllib.parse.urlencode({k: v for k, v in params.items() if v is not None})
        url = f"{self.base_url}{path}" + (f"?{query}" if query else "")
        request = urllib.request.Request(url, headers={
            "Authorization": f"Bearer {self.token}",
            "Accept": "application/json",
            "Accept-Language": "zh-hans",
        })
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                return json.load(response)
        except urllib.error.HTTPError as exc:
            try:
                detail = json.load(exc).get("detail")
            except ValueError:
                detail = exc.reason
            raise ApiError(exc.code, detail) from None

    def pages(self, path: str, **params: Any) -> Iterator[dict[str, Any]]:
        """Every item of a list endpoint, fetching one page after another."""
        page = 1
        while True:
            body = self.get(path, page=page, page_size=PAGE_SIZE, **params)
            yield from body["items"]
            if page * PAGE_SIZE >= body["count"] or not body["items"]:
                return
            page += 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=datetime.date.today().year,
                        help="the dashboard's year (default: the current one)")
    parser.add_argument("--pairing", type=int, help="the dashboard of this pairing (its id)")
    parser.add_argument("--side", choices=("east", "west"), help="or of one side's pairings …")
    parser.add_argument("--region", help="… of this region (its six-digit code, or its name such as 巫山县)")
    args = parser.parse_args(argv)
    base_url, token = os.environ.get("XIEZUO_URL"), os.environ.get("XIEZUO_TOKEN")
    if not base_url or not token:
        print("Set XIEZUO_URL (the site) and XIEZUO_TOKEN (a personal API token).", file=sys.stderr)
        return 2
    client = Client(base_url, token)
    try:
        postings = list(client.pages("/api/postings/"))
        print(f"选派记录 {len(postings)} 条")
        for posting in postings:
            print(f"  {posting['id']}\t{posting['person_name']}\t{posting['person_organisation']}"
                  f" → {posting['host_name']}\t{posting['planned_start']} – {posting['planned_end']}"
                  f"\t{posting['state']}")
        selection = {"pairing": args.pairing, "side": args.side, "region": args.region}
        if args.pairing is None and args.region is None:
            first = client.get("/api/pairings/", page_size=1)["items"]
            if not first:
                print("没有可查看的结对关系，不读取统计总览。")
                return 0
            selection["pairing"] = first[0]["id"]
        board = client.get("/api/insights/dashboard", year=args.year, **selection)
        print(f"统计总览：{board['label']} {board['year']}年")
        for figure in board["headline"]:
            print(f"  {figure['label']}\t{figure['value']} {figure['unit']}")
    except ApiError as exc:
        print(f"请求失败（{exc.status}）：{exc.detail}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
