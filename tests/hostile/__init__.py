"""The payload suite's tools (the suite itself is tests/browser/test_payloads.py):

payloads   the hostile strings
fields     every field they go into, read from the model, each with a safe value
inject     a copy of content/ with one payload in every field, each field's lines known
attack     one payload through the checker, the build and the scan
scan       every output file read for scripts, handlers and addresses that are not ours
watch      Chromium loading the pages: dialogs, policy violations, requests elsewhere
expected   what an accepted payload must read as: the very text written
pipeline   payloads attacked in another process while the browser looks at the last one
tally      the counts printed at the end of the run
"""
