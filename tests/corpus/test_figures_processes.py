"""A large corpus' figures on two processes: the same figures, fields and order as on one."""

import shutil

import pytest

from tanwen.corpus import load_corpus
from tanwen.corpus.figures import figures_of_corpus
from tanwen.corpus.figures import processes as figure_processes
from tanwen.corpus.figures.processes import every_figure
from tanwen.corpus.loader import builtin_root
from tanwen.corpus.reading import discover


@pytest.fixture(scope="module")
def four_articles(tmp_path_factory):
    """The built-in articles twice over: four articles, so each process gets two."""
    folder = tmp_path_factory.mktemp("four")
    for copy in ("a", "b"):
        for source in discover(builtin_root()):
            shutil.copy(source.path, folder / f"{copy}-{source.name}")
    return load_corpus(folder)


def records(figures):
    return [figure.as_record() for figure in figures]


def test_two_processes_give_what_one_gives(four_articles):
    expected = records(figures_of_corpus(four_articles))
    assert len(expected) > 400
    assert records(every_figure(four_articles, processes=1)) == expected
    assert records(every_figure(four_articles, processes=2)) == expected


def test_a_worker_that_fails_costs_time_not_figures(four_articles, monkeypatch):
    def fail(articles, sender):
        sender.send(None)
        sender.close()

    monkeypatch.setattr(figure_processes, "_work", fail)
    assert records(every_figure(four_articles, processes=2)) == records(figures_of_corpus(four_articles))


def test_a_small_corpus_stays_on_one_process(builtin, monkeypatch):
    monkeypatch.setattr(figure_processes.multiprocessing, "get_context",
                        lambda *args: pytest.fail("forked for a small corpus"))
    assert records(every_figure(builtin)) == records(figures_of_corpus(builtin))
