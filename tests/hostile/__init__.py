"""The payload suite's tools: hostile strings (payloads), a copy of content/ with them in
every field (inject), and a reader of every output file that looks for markup or URLs
that are not ours (scan). The suite itself is tests/browser/test_payloads.py."""
