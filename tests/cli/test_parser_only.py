"""A subcommand's run builds that subcommand's parser alone: it reads its arguments as the
whole parser does, and says the same when they are wrong."""

import argparse
import contextlib
import io

import pytest

from tanwen.tui.cli.parser import COMMANDS, build_parser, named_command, negated_words_as_queries

ARGVS = [
    ["search", "创新"], ["search", "天津", "-北京", "--limit", "5", "--json"],
    ["--corpus", "x", "search", "a", "--corpus", "y"], ["--debug", "--corpus", "search", "search", "b"],
    ["index", "--rebuild"], ["sections", "--json"], ["show", "000:1"], ["tui"],
    ["figures", "--kind", "percent", "--sort", "value", "--csv"], ["kwic", "创新", "--width", "7"],
    ["plot", "a", "--by", "section"], ["collocates", "b", "--measure", "mi", "--limit", "3"],
    ["terms", "--key", "--article", "001"],
    # Wrong: each must fail the same way.
    ["search"], ["search", "a", "--limit", "-1"], ["search", "a", "--bogus"], ["index", "x"],
    ["figures", "--json", "--csv"], ["--corpus"], ["--corpus", "-x", "search", "a"],
    ["searc", "a"], ["--corp", "x", "search", "a"], ["--help"], ["search", "--help"],
]


def parsed(parser: argparse.ArgumentParser, argv: list[str]):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            return vars(parser.parse_args(argv)), out.getvalue(), err.getvalue()
        except SystemExit as exit:
            return exit.code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("argv", ARGVS, ids=" ".join)
def test_the_parser_of_one_subcommand_reads_as_the_whole(argv):
    argv = negated_words_as_queries(argv)
    assert parsed(build_parser(only=named_command(argv)), argv) == parsed(build_parser(), argv)


def test_every_subcommand_is_known_by_name():
    [commands] = [action for action in build_parser()._actions
                  if isinstance(action, argparse._SubParsersAction)]
    assert set(commands.choices) == set(COMMANDS)
    assert named_command(["--corpus", "x", "--debug", "search", "a"]) == "search"
    assert named_command(["--corp", "x", "search"]) is None and named_command(["--help"]) is None
