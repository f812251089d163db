#!/usr/bin/env python3
"""A Signpost/Hyrouter gRPC plugin in Python, using only grpcio (no protobuf, no generated code).

The service is hyrouter.Plugin/OnConnect; request and response are JSON documents. A generic
handler without (de)serializers hands the handler the raw request bytes and sends the returned
bytes as they are, so any content type (application/grpc or application/grpc+json) works.

Behaviour mirrors Hyrouter's example plugin:
  - username "deny" (any case) is denied with a reason;
  - an SNI containing "grpc" re-picks the backend play.hyvane.com:5520;
  - the referral content is set to "grpc-plugin".

Run:  python3 plugin_server.py [--listen 127.0.0.1:7777]
It prints "listening on HOST:PORT" once ready (port 0 picks a free port).
"""
import argparse
import base64
import json
import signal
import sys
import threading
from concurrent import futures

import grpc


def on_connect(request_bytes, context):
    request = json.loads(request_bytes)
    event = request.get("event") or {}
    response = {}
    if (event.get("username") or "").lower() == "deny":
        return json.dumps({"deny": True, "deny_reason": "denied by grpc plugin"}).encode()
    if "grpc" in (event.get("sni") or "").lower():
        response["backend"] = {"host": "play.hyvane.com", "port": 5520}
    response["referral_content"] = base64.b64encode(b"grpc-plugin").decode()
    return json.dumps(response).encode()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--listen", default="127.0.0.1:7777")
    args = parser.parse_args()

    server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
    handler = grpc.method_handlers_generic_handler(
        "hyrouter.Plugin", {"OnConnect": grpc.unary_unary_rpc_method_handler(on_connect)}
    )
    server.add_generic_rpc_handlers((handler,))
    port = server.add_insecure_port(args.listen)
    if port == 0:
        sys.exit("cannot listen on " + args.listen)
    server.start()
    host = args.listen.rsplit(":", 1)[0]
    print("listening on %s:%d" % (host, port), flush=True)

    stopped = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stopped.set())
    stopped.wait()
    server.stop(grace=5).wait()


if __name__ == "__main__":
    main()
