"""The trainer side of a Needle trainer run: read the manifest, fetch images, hand the model back, report.

Standard library only, so a team can copy this file into any trainer. Every call carries the run's token in
X-Needle-Run-Token; Needle accepts it only while the run is awaited.
"""
import json
import urllib.error
import urllib.request

TOKEN_HEADER = "X-Needle-Run-Token"


class RunError(Exception):
    """Needle refused a call; the message is its problem+json reason."""


class Run:
    """One trainer run, as the hand-over named it: its manifest and its token."""

    def __init__(self, manifest, token, timeout=60):
        self.manifest = manifest
        self.token = token
        self.timeout = timeout

    @classmethod
    def from_handover(cls, body):
        """The body a WEBHOOK trainer receives: the manifest with the run's token in it."""
        manifest = dict(body)
        token = manifest.pop("runToken")
        return cls(manifest, token)

    @classmethod
    def from_url(cls, manifest_url, token):
        """A Kubernetes Job's pod: NEEDLE_MANIFEST_URL and NEEDLE_RUN_TOKEN from its environment."""
        run = cls({}, token)
        run.manifest = json.loads(run._call("GET", manifest_url))
        return run

    @property
    def classes(self):
        return self.manifest["classes"]

    @property
    def labeled(self):
        """[{file, label, url}] of every label of the dataset so far; in a detection project {file, boxes, url}, each
        box {label, x, y, width, height} in pixels."""
        return self.manifest["labeled"]

    @property
    def eval_files(self):
        """[{file, label, url}] of the dataset's eval split."""
        return self.manifest["eval"]["files"]

    def image(self, entry):
        """The bytes of one labeled, eval or pool image, through its token-authenticated URL."""
        return self._call("GET", entry["url"])

    def pool(self):
        """[{file, url}] of every pool image of the dataset: what predictions handed back must cover."""
        return json.loads(self._call("GET", self.manifest["poolUrl"]))

    def upload_model(self, onnx_bytes):
        """Hands the ONNX model to the run; Needle keeps it until the report names it."""
        return json.loads(self._call("PUT", self.manifest["modelUrl"], onnx_bytes, "application/octet-stream"))

    def upload_predictions(self, zip_bytes):
        """Hands predictions of the pool to the run as a Lightly prediction folder (zipped)."""
        return json.loads(self._call("PUT", self.manifest["predictionsUrl"], zip_bytes, "application/zip"))

    def upload_embeddings(self, csv_bytes):
        """Hands embeddings of the pool to the run as a Lightly embeddings.csv."""
        return json.loads(self._call("PUT", self.manifest["embeddingsUrl"], csv_bytes, "text/csv"))

    def complete(self, report):
        """Reports the model: {modelVersion, metric, model: {kind, ...}}. The round goes on once Needle accepts it."""
        return json.loads(self._call("POST", self.manifest["completionUrl"], json.dumps(report).encode(),
                                     "application/json"))

    def _call(self, method, url, body=None, content_type=None):
        request = urllib.request.Request(url, data=body, method=method)
        request.add_header(TOKEN_HEADER, self.token)
        if content_type:
            request.add_header("Content-Type", content_type)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read()
        except urllib.error.HTTPError as e:
            detail = e.read().decode("utf-8", "replace")
            try:
                detail = json.loads(detail).get("detail", detail)  # problem+json: "field: reason"
            except (ValueError, AttributeError):
                pass
            raise RunError(f"{method} {url} answered {e.code}: {detail}") from None
