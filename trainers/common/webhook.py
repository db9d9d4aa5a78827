"""A trainer as a WEBHOOK service: Needle POSTs the hand-over here, the answer is 202 at once, and training runs in
the background, one run at a time. Each trainer's serve.py hands it its train(run) function.
"""
import argparse
import json
import sys
import threading
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from needle_run import Run


def arguments(description):
    """The server's options; a trainer may add its own before parsing."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    return parser


def serve(train, host, port):
    """Serves hand-overs until the process ends; train(run) does one run and reports it."""
    # One training at a time: a 2-core machine gains nothing from two, and rounds come one after another anyway.
    training = threading.Lock()

    def in_background(run):
        def work():
            with training:
                try:
                    train(run)
                except Exception:  # noqa: BLE001 - the run times out in Needle and is retried; say why here
                    traceback.print_exc()
        threading.Thread(target=work, name=f"run-{run.manifest.get('run')}", daemon=True).start()

    class HandOver(BaseHTTPRequestHandler):
        def do_POST(self):
            try:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
                run = Run.from_handover(body)
            except (ValueError, KeyError) as e:
                self.send_error(400, f"not a Needle hand-over: {e}")
                return
            in_background(run)
            self.send_response(202)
            self.end_headers()

        def log_message(self, fmt, *args):
            sys.stderr.write("trainer: " + fmt % args + "\n")

    server = ThreadingHTTPServer((host, port), HandOver)
    print(f"trainer listening on http://{host}:{server.server_port}/", flush=True)
    server.serve_forever()
