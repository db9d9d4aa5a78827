"""The reference trainer as a WEBHOOK trainer: Needle POSTs the hand-over here; training runs in the background.

    /usr/bin/python3 serve.py --port 8765      then   PUT /api/projects/{p}/trainer {"trainer":"WEBHOOK","url":...}
"""
import argparse
import json
import sys
import threading
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import train
from needle_run import Run

# One training at a time: a 2-core machine gains nothing from two, and rounds come one after another anyway.
TRAINING = threading.Lock()


def train_in_background(run):
    def work():
        with TRAINING:
            try:
                train.train(run)
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
        train_in_background(run)
        self.send_response(202)
        self.end_headers()

    def log_message(self, fmt, *args):
        sys.stderr.write("trainer: " + fmt % args + "\n")


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args(argv)
    server = ThreadingHTTPServer((args.host, args.port), HandOver)
    print(f"trainer listening on http://{args.host}:{server.server_port}/", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1:])
