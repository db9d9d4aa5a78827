"""The detector as a WEBHOOK trainer: Needle POSTs the hand-over here; training and predicting run in the background.

    /usr/bin/python3 serve.py --port 8766 [--keep DIR]    then   PUT /api/projects/{p}/trainer {"trainer":"WEBHOOK",...}
"""
import functools
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "common"))  # the trainers' shared modules
import train  # noqa: E402
import webhook  # noqa: E402

if __name__ == "__main__":
    parser = webhook.arguments(__doc__)
    parser.add_argument("--keep", help="also write each run's prediction folder to KEEP/<run>/")
    args = parser.parse_args(sys.argv[1:])
    webhook.serve(functools.partial(train.train, keep=args.keep), args.host, args.port)
