"""The explainer's commands: build, check and serve the site, and the editors' tools (new, format,
diff, schema). Each is a thin layer over the same build Pelican runs."""

from __future__ import annotations

import argparse
import contextlib
import io
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from .model.problems import ContentError, Problems, github_annotation, printable_lines
from .publish.progress import print_problems

EXIT_OK, EXIT_ERRORS, EXIT_WARNINGS = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    return args.run(args)


def run() -> None:
    """The `explainer` command: main(), then an exit that does not free the build's millions
    of objects one by one (a third of a second at 1,000 articles, more than linear beyond).
    Nothing is left to tidy by then: every command closes its own files, locks and children."""
    code = main()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="explainer", description=__doc__)
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    build = commands.add_parser("build", help="validate content and build the site into the output folder")
    _site_options(build)
    build.add_argument("--one-process", action="store_true", help="make the whole build in this process, for a "
                       "debugger or profiler (by default, from 2,000 articles, the pages are made in a child "
                       "process that ends before the search index is built, so the two never hold memory at once)")
    build.set_defaults(run=run_build)
    check = commands.add_parser("check", help="validate all content without building")
    check.add_argument("--content", type=Path, default=Path("content"))
    check.add_argument("--strict", action="store_true", help="exit 2 when there are warnings")
    check.add_argument("--format", choices=("text", "github"), default="text",
                       help="github: workflow annotations shown on the lines of a pull request")
    check.add_argument("--verbose", action="store_true", help="also list quotes found only after normalising")
    check.set_defaults(run=run_check)
    new = commands.add_parser("new", help="write a commented template for a new record, or add a source article")
    new.add_argument("kind", choices=("article", "actor", "question", "event", "disagreement"))
    new.add_argument("id", help="the new record's id, e.g. steve-witkoff")
    new.add_argument("--from", dest="source", type=Path, metavar="FILE",
                     help="article only: the text as received, copied byte for byte")
    new.add_argument("--content", type=Path, default=Path("content"))
    new.set_defaults(run=run_new)
    fmt = commands.add_parser("format", help="rewrite the YAML records in the canonical form the browser editor writes")
    fmt.add_argument("--content", type=Path, default=Path("content"))
    fmt.add_argument("--check", action="store_true", help="only list the files not in canonical form")
    fmt.set_defaults(run=run_format)
    schema = commands.add_parser("schema", help="regenerate the JSON Schemas in schemas/ and the browser "
                                 "editor's configuration from the model")
    schema.add_argument("--root", type=Path, default=Path("."))
    schema.set_defaults(run=run_schema)
    diff = commands.add_parser("diff", help="summarise, in Markdown, what a change does to the explainer")
    diff.add_argument("base", nargs="?", default=None, help="git revision (default: merge base with main)")
    diff.add_argument("head", nargs="?", default=None, help="git revision (default: the working tree)")
    diff.add_argument("--url-prefix", default="", help="put in front of page links, e.g. a deploy preview URL")
    diff.set_defaults(run=run_diff)
    serve = commands.add_parser("serve", help="build, then serve the site on localhost")
    _site_options(serve)
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--editor-port", type=int, default=8081, help="where decap-server, the browser editor's "
                       "link to the working tree, listens")
    serve.add_argument("--no-editor", action="store_true", help="do not start decap-server")
    serve.set_defaults(run=run_serve)
    return parser


def _site_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--settings", type=Path, default=Path("pelicanconf.py"))
    parser.add_argument("--content", type=Path, default=None, help="content folder (default: from settings)")
    parser.add_argument("--output", type=Path, default=None, help="output folder (default: from settings)")
    parser.add_argument("--quiet", action="store_true")


def run_check(args: argparse.Namespace) -> int:
    from .site import check_content

    problems = check_content(args.content).problems
    if args.format == "github":
        for problem in problems.shown(args.verbose):
            print(github_annotation(problem))
    else:
        print_problems(problems, args.verbose)
    return _exit_code(problems, args.strict)


def run_new(args: argparse.Namespace) -> int:
    from .commands.new import ScaffoldError, new_article, new_record

    if (args.kind == "article") != (args.source is not None):
        print("error: --from FILE goes with 'new article' (the received text), and only with it", file=sys.stderr)
        return EXIT_ERRORS
    try:
        if args.kind == "article":
            _print_article_steps(new_article(args.content, args.id, args.source), args.id)
        else:
            print(f"Wrote {new_record(args.content, args.kind, args.id)}: replace the CAPITALISED parts, "
                  "then run 'make check'.")
    except ScaffoldError as exc:
        if exc.problems is not None:
            print_problems(exc.problems)
        print(printable_lines(f"error: {exc}"), file=sys.stderr)
        return EXIT_ERRORS
    return EXIT_OK


def _print_article_steps(article, article_id: str) -> None:
    title = ("  - Title is the text's first line, which looks like a headline. If it is not, write our own\n"
             "    title, set 'Title-Source: editors' and add a 'Title-Note' saying where it comes from.\n"
             if article.headline else "")
    print(f"Wrote {article.path}: the text received, byte for byte (SHA-256 {article.digest},\n"
          "recorded as Received-SHA256). Next:\n"
          f"  - Replace the CAPITALISED metadata: {', '.join(article.placeholders)}.\n"
          "    'make check' shows each one still left as error[placeholder].\n"
          f"{title}"
          "  - Date, Outlet, Author and URL stay 'unknown' unless the text itself gives them; when it does,\n"
          "    write the value and say where in its note. Date-Note and Outlet-Note stay while those are\n"
          "    unknown (Date-Note also while the date is approximate).\n"
          "  - Never change a character below the blank line: 'make check' compares it with Received-SHA256.\n"
          f"  - Cite it from records as 'article: {article_id}' with a quote copied from the text.\n"
          "  - Run 'make check' (docs/editing.md, \"Add a source article\").")


def run_format(args: argparse.Namespace) -> int:
    from .commands.format import format_records

    changed, problems = format_records(args.content, write=not args.check)
    print_problems(problems)
    for path in changed:
        print(f"{'Not canonical' if args.check else 'Rewrote'}: {path}")
    if problems.errors or (args.check and changed):
        return EXIT_ERRORS
    return EXIT_OK


def run_schema(args: argparse.Namespace) -> int:
    from .commands.schema import write_schemas

    for path in write_schemas(args.root):
        print(f"Wrote {path}")
    return EXIT_OK


def run_diff(args: argparse.Namespace) -> int:
    from .commands.diff import WORKTREE, DiffError, commit, default_base, markdown, summarise

    repo = Path(".").resolve()
    try:
        base = commit(repo, args.base) if args.base else default_base(repo)
        head = commit(repo, args.head) if args.head else WORKTREE
        print(markdown(summarise(repo, base, head), base, head, args.url_prefix))
    except DiffError as exc:
        print(printable_lines(f"error: {exc}"), file=sys.stderr)
        return EXIT_ERRORS
    return EXIT_OK


def run_build(args: argparse.Namespace) -> int:
    from .commands.build import Builder

    return _run_reported(Builder(args.settings, args.content, args.output, quiet=args.quiet,
                                 apart=not args.one_process), args.quiet)


def _run_reported(builder, quiet: bool, changed: set[Path] | None = None,
                  failed: Callable[[str], None] = lambda problems: None) -> int:
    """One build, its problems printed with their places; the exit code. `changed`: Builder.run's;
    `failed` is given the problems of a build that failed, as printed (the dev server shows them)."""
    from .commands.build import BuildFailed

    try:
        builder.run(changed)
    except ContentError as exc:
        print_problems(exc.problems)
        print("Build failed; the previous site was left as it was.", file=sys.stderr)
        shown = io.StringIO()
        print_problems(exc.problems, stream=shown)
        failed(shown.getvalue().rstrip("\n"))
        return EXIT_ERRORS
    except BuildFailed as exc:
        print(printable_lines(f"Build failed: {exc}"), file=sys.stderr)
        failed(printable_lines(f"Build failed: {exc}"))
        return EXIT_ERRORS
    return EXIT_OK


def run_serve(args: argparse.Namespace) -> int:
    from .commands.serve import start_editor_proxy, stop_editor_proxy

    proxy = None if args.no_editor else start_editor_proxy(Path("."), Path("node_modules"), args.editor_port)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # so that decap-server is stopped too
    try:
        return _serve_site(args)
    finally:
        stop_editor_proxy(proxy)


def _serve_site(args: argparse.Namespace) -> int:
    from .commands.build import Builder
    from .commands.serve import Background, BuildState, Watcher, serve
    from .publish.staging import build_lock

    def new_builder() -> Builder:
        return Builder(args.settings, args.content, args.output, args.quiet, live_reload=True, dev_server=True)

    builder = new_builder()  # one Pelican object: parsed records stay in memory between rebuilds
    builds = threading.Lock()  # the rebuilds and the search index's short steps, one at a time
    watched_since_load = False  # whether every change since the last load was reported

    def rebuild(changed: set[Path]) -> bool:
        nonlocal builder, watched_since_load
        with builds:
            if watcher.stopping.is_set():  # the server is stopping, or its first build failed
                return False
            if args.settings.resolve() in {path.resolve() for path in changed}:
                builder = new_builder()  # settings are read when a build begins
            reported = changed if watched_since_load else None  # else every folder is read again
            watched_since_load = True
            return _run_reported(builder, args.quiet, reported, failed=state.failed) == EXIT_OK

    settings = builder.settings
    output = Path(builder.output)

    @contextlib.contextmanager
    def between_builds():  # and with the last one's manifest on disk, which the search index reads
        with builds, build_lock(output):
            builder.save_manifest()
            yield

    search = Background(lambda: _catch_up_quietly(output, between_builds, args.quiet))
    state = BuildState()
    watcher = Watcher([Path(settings["PATH"]), Path(settings["THEME"]), args.settings], rebuild, state,
                      after=search.request)
    try:
        with builds:  # a save during the first build is rebuilt once it is done
            watched_since_load = watcher.start()  # then the first build's load misses no save
            if _run_reported(builder, args.quiet) != EXIT_OK:
                watcher.stop()
                print("Fix the problems above; serving starts once the site builds.", file=sys.stderr)
                return EXIT_ERRORS
        search.request()  # the first build's pages
        try:
            return serve(output, args.port, state)
        finally:
            watcher.stop()
            with between_builds():  # the last rebuild's manifest, for the next build
                pass
    finally:
        watcher.close()


def _catch_up_quietly(output: Path, hold: Callable[[], contextlib.AbstractContextManager], quiet: bool) -> None:
    from .publish.catchup import catch_up
    from .publish.staging import BuildFailed

    started = time.perf_counter()
    try:
        done = catch_up(output, hold)
    except (BuildFailed, OSError) as exc:
        print(printable_lines(f"Search index not updated: {exc}"), file=sys.stderr, flush=True)
        return
    if not quiet:
        print(f"{done[0].upper()}{done[1:]} ({time.perf_counter() - started:.2f} s)", flush=True)


def _exit_code(problems: Problems, strict: bool) -> int:
    if problems.errors:
        return EXIT_ERRORS
    if strict and problems.warnings:
        return EXIT_WARNINGS
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    logging.basicConfig()
    sys.exit(main())
