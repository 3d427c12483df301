#!/usr/bin/python3
"""A tiny HTTPS server with canned RESTCONF answers for the device client tests.

Usage: fixture_server.py CERT KEY EXPECTED_AUTHORIZATION
Listens on 127.0.0.1 port 0 and prints the port on stdout. HTTP/1.1 with keep-alive.

Routes (after an optional /restconf/data/ or /restconf/operations/ prefix):
  ok                      200 {"ok": true}
  empty                   204
  status/<code>[/<tag>]   <code> with an RFC 8040 error body (tag defaults to operation-failed)
  longmessage             400 whose error-message is long and has control characters
  auth                    200 when Authorization matches EXPECTED_AUTHORIZATION, else 401
  malformed               200 with a body that is not JSON
  silent                  answers nothing for 10 s
  huge[/chunked]          200 with 1 MiB (with Content-Length, or chunked without one)
  reset                   closes the connection with a TCP RST
  close                   closes the connection without answering
  echo                    200 {method, path, headers, body, client_port}
  stats                   200 {"connections": <accepted TCP connections so far>,
                               "max_concurrent": <most connections open at once>}
  truncated               200 announcing 64 bytes of body, sending 10, then closing
  slow                    200 {"ok": true} after 0.3 s
  limit/<n>               200 {"ok": true}; the n-th request of a connection gets
                          Connection: close and the connection is closed (IOS-XE's limit)
  dropafter/<n>           200 {"ok": true}; after the n-th request of a connection it is closed
                          without notice (an idle timeout the client learns of on reuse)
  flaky/<id>/<n>/<route>  the first <n> requests under <id> are answered as <route> (any route
                          above, e.g. status/409/lock-denied or reset); later ones 200
                          {"ok": true, "attempt": <k>, "output": {"attempt": <k>}}
  hits/<id>               200 {"hits": <requests seen under flaky/<id>>}
  record/<id>             200 {}; remembers method, headers and body under <id>
  recorded/<id>           200 with what record/<id> remembered (404 if nothing)
  mod:rpc                 200 {"mod:output": {"received": <request body as JSON>}}
  mod:void                204
  <module>:<route>        any other route above, as an RPC (e.g. m:malformed)
"""

import json
import socket
import ssl
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CONNECTIONS = 0
ACTIVE = 0
MAX_ACTIVE = 0
HITS = {}
RECORDED = {}
TO_RESET = set()
LOCK = threading.Lock()


def restconf_error(tag, message):
    return {"ietf-restconf:errors": {"error": [
        {"error-type": "application", "error-tag": tag,
         "error-path": "/Cisco-IOS-XE-native:native/license/smart",
         "error-message": message}]}}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    expected_auth = ""

    def setup(self):
        global CONNECTIONS, ACTIVE, MAX_ACTIVE
        with LOCK:
            CONNECTIONS += 1
            ACTIVE += 1
            MAX_ACTIVE = max(MAX_ACTIVE, ACTIVE)
        self.served = 0
        # http.server writes headers and body separately: without this, Nagle plus the
        # client's delayed ACK adds ~40 ms to every answer.
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().setup()

    def finish(self):
        global ACTIVE
        with LOCK:
            ACTIVE -= 1
        super().finish()

    def log_message(self, fmt, *args):
        pass

    def send_json(self, code, doc, content_type="application/yang-data+json"):
        self.send_raw(code, json.dumps(doc).encode(), content_type)

    def send_raw(self, code, body, content_type="application/yang-data+json"):
        self.send_response(code)
        if body:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def describe(self, body):
        return {
            "method": self.command,
            "path": self.path,
            "headers": {k.lower(): v for k, v in self.headers.items()},
            "body": body.decode("utf-8", "replace"),
            "client_port": self.client_address[1],
        }

    def route(self):
        path = self.path.split("?", 1)[0]
        for prefix in ("/restconf/data/", "/restconf/operations/", "/smartlic-service/", "/"):
            if path.startswith(prefix):
                return path[len(prefix):]
        return path

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        route = self.route()
        if ":" in route and route not in ("mod:rpc", "mod:void"):
            route = route.split(":", 1)[1]
        self.served += 1
        parts = route.split("/")
        if parts[0] == "flaky":
            with LOCK:
                HITS[parts[1]] = HITS.get(parts[1], 0) + 1
                hits = HITS[parts[1]]
            if hits > int(parts[2]):
                self.send_json(200, {"ok": True, "attempt": hits, "output": {"attempt": hits}})
                return
            route = "/".join(parts[3:])
            parts = route.split("/")
        if route == "ok":
            self.send_json(200, {"ok": True})
        elif route == "empty" or route == "mod:void":
            self.send_raw(204, b"")
        elif parts[0] == "status":
            code = int(parts[1])
            tag = parts[2] if len(parts) > 2 else "operation-failed"
            self.send_json(code, restconf_error(tag, "device says %d" % code))
        elif route == "longmessage":
            message = "line one\nline\ttwo\x1b[31m" + "x" * 1000
            self.send_json(400, restconf_error("invalid-value", message))
        elif route == "auth":
            if self.headers.get("Authorization") == self.expected_auth:
                self.send_json(200, {"authorized": True})
            else:
                self.send_json(401, restconf_error("access-denied", "bad credentials"))
        elif route == "malformed":
            self.send_raw(200, b'{"ok": tru')
        elif route == "silent":
            time.sleep(10)
            self.close_connection = True
        elif parts[0] == "huge":
            blob = b"x" * (1 << 20)
            if len(parts) > 1 and parts[1] == "chunked":
                self.send_response(200)
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                for i in range(0, len(blob), 16384):
                    chunk = blob[i:i + 16384]
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.write(b"0\r\n\r\n")
            else:
                self.send_raw(200, blob, "application/octet-stream")
        elif route == "reset":
            # Linger 0 makes close() send RST; Server.shutdown_request skips its FIN for it.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
            with LOCK:
                TO_RESET.add(self.connection)
            self.close_connection = True
        elif route == "close":
            self.close_connection = True
        elif parts[0] == "record":
            with LOCK:
                RECORDED[parts[1]] = self.describe(body)
            self.send_json(200, {})
        elif parts[0] == "recorded":
            with LOCK:
                doc = RECORDED.get(parts[1])
            if doc is None:
                self.send_json(404, restconf_error("invalid-value", "nothing recorded"))
            else:
                self.send_json(200, doc)
        elif route == "echo":
            self.send_json(200, self.describe(body), "application/json")
        elif route == "stats":
            with LOCK:
                self.send_json(200, {"connections": CONNECTIONS, "max_concurrent": MAX_ACTIVE})
        elif parts[0] == "hits":
            with LOCK:
                self.send_json(200, {"hits": HITS.get(parts[1], 0)})
        elif route == "truncated":
            self.send_response(200)
            self.send_header("Content-Type", "application/yang-data+json")
            self.send_header("Content-Length", "64")
            self.end_headers()
            self.wfile.write(b'{"ok": tru')
            self.wfile.flush()
            self.close_connection = True
        elif route == "slow":
            time.sleep(0.3)
            self.send_json(200, {"ok": True})
        elif parts[0] == "limit":
            if self.served >= int(parts[1]):
                self.send_response(200)
                self.send_header("Content-Type", "application/yang-data+json")
                self.send_header("Connection", "close")
                body = json.dumps({"ok": True}).encode()
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                self.close_connection = True
            else:
                self.send_json(200, {"ok": True})
        elif parts[0] == "dropafter":
            self.send_json(200, {"ok": True})
            if self.served >= int(parts[1]):
                self.close_connection = True
        elif route == "mod:rpc":
            self.send_json(200, {"mod:output": {"received": json.loads(body or b"null")}})
        else:
            self.send_json(404, restconf_error("invalid-value", "no route " + route))

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = handle_any


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256

    def shutdown_request(self, request):
        with LOCK:
            reset = request in TO_RESET
            TO_RESET.discard(request)
        if reset:
            self.close_request(request)
        else:
            super().shutdown_request(request)

    def handle_error(self, request, client_address):
        pass  # failed handshakes and aborted transfers are what some tests are about


def main():
    cert, key, Handler.expected_auth = sys.argv[1], sys.argv[2], sys.argv[3]
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = Server(("127.0.0.1", 0), Handler)
    # Handshake in the handler thread, not in accept(): a stalled client must not block others.
    server.socket = context.wrap_socket(server.socket, server_side=True,
                                        do_handshake_on_connect=False)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
