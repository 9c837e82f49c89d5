"""The public surface of the package: what ``import newsclean`` offers."""

from __future__ import annotations

import importlib.metadata
import inspect

import pytest

import newsclean
import newsclean.cleaning


def _public_names(module: object) -> set[str]:
    """Names a module offers that are public: no leading underscore, not a submodule.

    ``dir()`` rather than ``vars()``: newsclean loads its near-duplicate names on first use
    (PEP 562), and lists them in its ``__dir__``.
    """
    return {
        name
        for name in dir(module)
        if not name.startswith("_") and not inspect.ismodule(getattr(module, name))
    }


def test_importing_newsclean_does_not_load_numpy_or_numba():
    import subprocess
    import sys

    code = "import sys, newsclean; newsclean.clean('x'); print('numpy' in sys.modules, 'numba' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert out.split() == ["False", "False"]


def test_all_is_exactly_the_public_names_plus_version():
    assert set(newsclean.__all__) == _public_names(newsclean) | {"__version__"}


def test_all_is_sorted_and_has_no_duplicates():
    assert newsclean.__all__ == sorted(newsclean.__all__)
    assert len(set(newsclean.__all__)) == len(newsclean.__all__)


def test_every_name_in_all_resolves():
    for name in newsclean.__all__:
        assert getattr(newsclean, name) is not None, name


def test_star_import_gives_exactly_all():
    namespace: dict[str, object] = {}
    exec("from newsclean import *", namespace)  # noqa: S102 - a star import, the only way to test one
    namespace.pop("__builtins__")
    assert set(namespace) == set(newsclean.__all__)


def test_cleaning_subpackage_all_is_its_public_names():
    assert set(newsclean.cleaning.__all__) == _public_names(newsclean.cleaning)
    assert newsclean.cleaning.__all__ == sorted(newsclean.cleaning.__all__)
    for name in newsclean.cleaning.__all__:
        assert getattr(newsclean.cleaning, name) is not None, name


def test_version_matches_the_installed_distribution():
    assert newsclean.__version__ == importlib.metadata.version("newsclean")


def test_clean_function_is_not_shadowed_by_a_subpackage():
    # `newsclean.clean` must stay the function even after the cleaning subpackage is imported
    assert callable(newsclean.clean) and not inspect.ismodule(newsclean.clean)
    assert newsclean.clean("Plain text.\n").text == "Plain text.\n"


def test_clean_accepts_a_document_and_keeps_its_id():
    result = newsclean.clean(newsclean.Document("a/b.txt", "[ad_1]\n\nStory.\n"))
    assert result.id == "a/b.txt"
    assert result.text == "Story.\n"


def test_clean_of_a_bare_string_has_an_empty_id():
    assert newsclean.clean("Story.\n").id == ""


def test_clean_rejects_text_that_is_not_str():
    with pytest.raises(TypeError, match="must be str"):
        newsclean.Cleaner().clean(newsclean.Document("x", b"bytes"))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("error", "builtin"),
    [
        (newsclean.RulePackError, ValueError),
        (newsclean.InputError, ValueError),
        (newsclean.StepError, ValueError),
        (newsclean.RuleTimeoutError, TimeoutError),
    ],
)
def test_errors_subclass_newsclean_error_and_the_builtin_a_caller_expects(error, builtin):
    assert issubclass(error, newsclean.NewscleanError)
    assert issubclass(error, builtin)


def test_error_messages_name_where_things_went_wrong():
    assert str(newsclean.RulePackError("p.toml", "a.b", "bad regex")) == "p.toml: rule 'a.b': bad regex"
    assert str(newsclean.RulePackError("p.toml", None, "not valid TOML")) == "p.toml: not valid TOML"
    assert str(newsclean.InputError("f.txt", "binary file", 3)) == "f.txt:3: binary file"
    assert str(newsclean.InputError("f.txt", "cannot read")) == "f.txt: cannot read"
    timeout = newsclean.RuleTimeoutError("x.y", "p.toml", 0.05)
    assert "'x.y'" in str(timeout) and "p.toml" in str(timeout) and "0.05" in str(timeout)
