"""A small web application for the local stack: counts visits in Redis (RESP over a socket, no dependencies)."""
import os
import socket
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

REDIS_HOST = os.environ.get("REDIS_HOST", "store")
REDIS_PORT = int(os.environ.get("REDIS_PORT", "6379"))


def redis_command(*args: str) -> bytes:
    request = f"*{len(args)}\r\n" + "".join(f"${len(a.encode())}\r\n{a}\r\n" for a in args)
    with socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=2) as conn:
        conn.sendall(request.encode())
        return conn.recv(512)


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/healthz":
            body, status = b"ok\n", 200
        else:
            try:
                reply = redis_command("INCR", "visits")
                body, status = f"visits: {reply.decode().strip().lstrip(':')}\n".encode(), 200
            except OSError as error:
                body, status = f"store unavailable: {error}\n".encode(), 503
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


if __name__ == "__main__":
    ThreadingHTTPServer(("0.0.0.0", int(os.environ.get("PORT", "8080"))), Handler).serve_forever()
