"""A small static server for the built site (reads the folder afresh on every request,
so it keeps working across the atomic swap of a rebuild)."""

from __future__ import annotations

import functools
import http.server
from pathlib import Path


def serve(root: Path, port: int) -> int:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        print(f"Serving {root}/ at http://127.0.0.1:{port}/ (Ctrl-C to stop)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0
