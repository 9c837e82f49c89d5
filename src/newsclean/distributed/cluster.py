"""A Dask client to run on: the caller's, one for a scheduler address, or a local cluster."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from . import require_dask

require_dask()

import distributed  # noqa: E402

# distributed logs cluster starts and stops at INFO, and its P2P shuffle (which the
# dataframe shuffles use) logs a WARNING each time a shuffle starts and ends: both are
# kept to real warnings and errors. Loggers a caller set quieter stay as they are.
_QUIET = {
    "distributed": logging.WARNING,
    "distributed.shuffle": logging.ERROR,
    "distributed.utils_perf": logging.ERROR,
}


def quiet_logging() -> None:
    """Keep distributed's logging in this process (a local cluster's scheduler runs here)
    to what matters."""
    for name, level in _QUIET.items():
        logger = logging.getLogger(name)
        if logger.getEffectiveLevel() < level:
            logger.setLevel(level)


def current_client() -> distributed.Client | None:
    """The caller's client (the default one, or the one made current), if there is one."""
    try:
        return distributed.default_client()
    except ValueError:
        return None


@contextmanager
def client_for(address: str | None = None, *, workers: int | None = None,
               **cluster_options: Any) -> Iterator[distributed.Client]:
    """A client to run on, current for the ``with`` block (``.compute()`` uses it).

    - neither argument: the caller's client when there is one (left open); otherwise a
      local cluster as below, with one worker per core;
    - ``address`` (``tcp://host:8786``): a client of that scheduler, closed at the end
      (the cluster itself is left running);
    - ``workers=N``: a ``LocalCluster`` of N worker processes with one thread each, on
      the loopback interface, without a dashboard; closed at the end.
      ``cluster_options`` go to ``LocalCluster`` (``memory_limit="4GiB"``, ...).

    A local cluster starts worker processes: a script that makes one needs the
    ``if __name__ == "__main__":`` guard.
    """
    if address is not None and workers is not None:
        raise ValueError("give a scheduler address or a number of workers, not both")
    if workers is not None and workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    quiet_logging()
    if address is None and workers is None:
        existing = current_client()
        if existing is not None:
            with existing.as_current():
                yield existing
            return
    if address is not None:
        with distributed.Client(address) as client, client.as_current():
            yield client
        return
    options: dict[str, Any] = {
        "n_workers": workers or os.cpu_count() or 1,
        "threads_per_worker": 1,
        "processes": True,
        "dashboard_address": None,
        "host": "127.0.0.1",
        # no dashboard; the scheduler's HTTP routes (health, metrics) still listen, on
        # any free port rather than 8787 (which another cluster may hold: a warning)
        "scheduler_kwargs": {"dashboard_address": "127.0.0.1:0"},
        **cluster_options,
    }
    with distributed.LocalCluster(**options) as cluster, distributed.Client(cluster) as client, \
            client.as_current():
        yield client


def total_threads(client: distributed.Client) -> int:
    """How many tasks the cluster runs at once (at least 1)."""
    return max(1, sum(client.nthreads().values()))
