#!/usr/bin/python3
"""The baseline users write today: a requests thread pool reading each controller's licensing
over RESTCONF (the same three GETs the service makes), one kept-alive Session per thread.
Usage: python_baseline.py <wlcsim manifest.json> <threads> <controllers>  -> one JSON line."""
import json
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests

PATHS = [
    "Cisco-IOS-XE-native:native/license/smart",
    "cisco-smart-license:licensing/state",
    "Cisco-IOS-XE-wireless-ap-global-oper:ap-global-oper-data/emltd-join-count-stat",
]


def main():
    manifest = json.load(open(sys.argv[1]))
    threads = int(sys.argv[2])
    controllers = manifest["controllers"][: int(sys.argv[3])]
    local = threading.local()

    def session():
        if not hasattr(local, "s"):
            local.s = requests.Session()
            local.s.auth = (manifest["username"], manifest["password"])
            local.s.headers["Accept"] = "application/yang-data+json"
        return local.s

    def read(c):
        t0 = time.monotonic()
        ok = True
        for p in PATHS:
            # verify per request: a session-level verify loses to REQUESTS_CA_BUNDLE in the env.
            r = session().get(f"{c['base_url']}/restconf/data/{p}", timeout=10,
                              verify=manifest["ca_file"])
            ok = ok and r.status_code == 200
            r.json()
        return ok, (time.monotonic() - t0) * 1000

    start = time.monotonic()
    with ThreadPoolExecutor(threads) as pool:
        results = list(pool.map(read, controllers))
    seconds = time.monotonic() - start
    lat = sorted(ms for _, ms in results)
    print(json.dumps({
        "run": "python-requests",
        "controllers": len(results),
        "failed": sum(1 for ok, _ in results if not ok),
        "seconds": seconds,
        "controllers_per_second": len(results) / seconds,
        "p50_ms": lat[len(lat) // 2],
        "p99_ms": lat[min(len(lat) - 1, int(len(lat) * 0.99))],
    }))


if __name__ == "__main__":
    main()
