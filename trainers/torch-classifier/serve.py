"""The reference trainer as a WEBHOOK trainer: Needle POSTs the hand-over here; training runs in the background.

    /usr/bin/python3 serve.py --port 8765      then   PUT /api/projects/{p}/trainer {"trainer":"WEBHOOK","url":...}
"""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "common"))  # the trainers' shared modules
import train  # noqa: E402
import webhook  # noqa: E402

if __name__ == "__main__":
    args = webhook.arguments(__doc__).parse_args(sys.argv[1:])
    webhook.serve(train.train, args.host, args.port)
