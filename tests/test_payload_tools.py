"""The payload suite's own tools (tests/hostile/), checked without a browser: a payload reaches
its field exactly as written, and the scan's reading of an address is a browser's."""

from __future__ import annotations

import pytest

from explainer.model.problems import Problems
from explainer.read.strict_yaml import load_yaml
from hostile.inject import yaml_scalar
from hostile.payloads import PAYLOADS
from hostile.scan import unsafe_url


@pytest.mark.parametrize("payload", PAYLOADS, ids=[p.name for p in PAYLOADS])
def test_a_payload_is_written_into_yaml_exactly(payload):
    problems = Problems()
    data = f"title: {yaml_scalar(payload.text, payload.spelling)}\n".encode("utf-8", "surrogatepass")
    node = load_yaml(data, "f.yaml", problems)
    if node is None:  # refused, and said where
        assert problems.errors and all(p.mark.line == 1 for p in problems.errors)
    else:
        assert node.get("title").value == payload.text


@pytest.mark.parametrize("address", ["javascript:alert(1)", " JaVaScRiPt:x", "\x01javascript:x", "java\tscr\nipt:x",
                                     "data:text/html,x", "vbscript:x", "//evil.example", "/\\evil.example",
                                     "\\\\evil.example"])
def test_unsafe_addresses(address):
    assert unsafe_url(address)


@pytest.mark.parametrize("address", ["https://example.org/a:b", "http://x", "mailto:a@example.org", "../../actors/",
                                     "#q-1", "sources/a/#:~:text=javascript%3Ax", "/theme/js/x.js", "a/b:c"])
def test_safe_addresses(address):
    assert not unsafe_url(address)
