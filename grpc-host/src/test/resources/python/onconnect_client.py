#!/usr/bin/env python3
"""Calls hyrouter.Plugin/OnConnect at ADDRESS with the JSON request read from stdin and prints
the JSON response. Uses grpcio's default content type, plain application/grpc."""
import sys

import grpc


def main():
    address = sys.argv[1]
    request = sys.stdin.buffer.read()
    with grpc.insecure_channel(address) as channel:
        call = channel.unary_unary("/hyrouter.Plugin/OnConnect")
        try:
            response = call(request, timeout=20)
        except grpc.RpcError as e:
            print("status %s: %s" % (e.code().name, e.details()), file=sys.stderr)
            sys.exit(2)
    sys.stdout.buffer.write(response)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
