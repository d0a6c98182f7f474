"""Where the parse runs: executors by name, each running :func:`work.run_batch` on batches.

``local`` parses in the ingesting process (the default); ``processes`` in N worker processes
on this machine; ``dask`` on the workers of a Dask distributed cluster (a LocalCluster it
starts, or a running scheduler's). Records travel back, never spaCy Docs, and the driver writes
them to the store, so every executor fills the store the same way.

An executor is made by ``executors.get(name)(spec=…, batch_size=…, **options)``; the driver
keeps up to ``executor.in_flight`` batches submitted and waits for the oldest first.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from multiprocessing import get_context
from typing import TYPE_CHECKING, Any, Protocol

import catalogue

from ..errors import Messages, StorylineError
from ..models import ArticleRecord
from ..registry import executors
from . import work
from .work import Outcome, PipelineSpec

if TYPE_CHECKING:
    from spacy.language import Language


class Pending(Protocol):
    """A submitted batch (a ``concurrent.futures`` or ``distributed`` future, or a local one)."""

    def result(self) -> list[Outcome]: ...


class Executor(Protocol):
    in_flight: int
    """How many batches the driver keeps submitted: enough to keep every worker busy, few
    enough that memory stays flat."""

    def versions(self) -> dict[str, Any]:
        """The versions of the pipeline that parses (for the store's provenance)."""
        ...

    def submit(self, articles: Sequence[ArticleRecord]) -> Pending: ...

    def close(self) -> None: ...


def get_executor(name: str) -> Any:
    try:
        return executors.get(name)
    except catalogue.RegistryError:
        names = ", ".join(sorted(executors.get_all()))
        raise StorylineError(
            Messages.UNKNOWN_EXECUTOR.format(name=name, names=names), param="executor"
        ) from None


def _versions(pending: Any) -> dict[str, Any]:
    """A worker's pipeline versions; a worker that cannot load the pipeline stops the run."""
    try:
        versions: dict[str, Any] = pending.result()
    except Exception as exc:
        reason = Messages.NO_WORKER_PIPELINE.format(error=work.describe_exception(exc))
        raise StorylineError(reason) from None
    return versions


# -- local -------------------------------------------------------------------------------------


class _Later:
    """A batch parsed when its result is asked for: the driver's order of steps, in process."""

    def __init__(self, call: Callable[[], list[Outcome]]) -> None:
        self._call = call

    def result(self) -> list[Outcome]:
        return self._call()


class LocalExecutor:
    """Parse in the ingesting process with its own pipeline (the one the driver was given)."""

    in_flight = 1

    def __init__(self, spec: PipelineSpec, batch_size: int, nlp: Language | None = None) -> None:
        self.spec = spec
        self.batch_size = batch_size
        self.nlp = nlp if nlp is not None else work.pipeline(spec)

    def versions(self) -> dict[str, Any]:
        from ..store import provenance

        if not self.spec.extract:
            return {**provenance.versions(), "model": None, "model_version": None}
        meta = self.nlp.meta
        return provenance.versions(f"{meta['lang']}_{meta['name']}", meta.get("version"))

    def submit(self, articles: Sequence[ArticleRecord]) -> Pending:
        return _Later(
            partial(
                work.process,
                self.nlp,
                articles,
                extract=self.spec.extract,
                batch_size=self.batch_size,
            )
        )

    def close(self) -> None:
        pass


@executors.register("local")
def local(
    *, spec: PipelineSpec, batch_size: int, nlp: Language | None = None, **_: Any
) -> LocalExecutor:
    return LocalExecutor(spec, batch_size, nlp)


# -- processes ---------------------------------------------------------------------------------


class ProcessExecutor:
    """N worker processes on this machine (spawned: no state inherited from the driver, the
    same start on every platform); each loads the pipeline once, on its first task. The
    driver never imports spaCy."""

    def __init__(self, spec: PipelineSpec, batch_size: int, workers: int) -> None:
        self.spec = spec
        self.batch_size = batch_size
        self.in_flight = 2 * workers  # one parsing and one waiting per worker
        self.workers = workers
        self.pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        # No initializer: one that fails breaks the pool without saying why; a task's error
        # comes back with its message.
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=get_context("spawn"))

    def versions(self) -> dict[str, Any]:
        return _versions(self.pool.submit(work.describe, self.spec))

    def submit(self, articles: Sequence[ArticleRecord]) -> Pending:
        try:
            return self.pool.submit(work.run_batch, list(articles), self.spec, self.batch_size)
        except BrokenProcessPool:
            # A worker was killed (out of memory, a crash in native code): the batches it
            # broke are reported by the driver; later ones get a fresh pool.
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = self._start()
            return self.pool.submit(work.run_batch, list(articles), self.spec, self.batch_size)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


@executors.register("processes")
def processes(
    *, spec: PipelineSpec, batch_size: int, workers: int | None = None, **_: Any
) -> ProcessExecutor:
    return ProcessExecutor(spec, batch_size, workers or os.cpu_count() or 1)


# -- dask --------------------------------------------------------------------------------------

LOCAL = "local"
"""The ``scheduler`` value that starts a LocalCluster instead of connecting to one."""
CONNECT_TIMEOUT_S = 10


class DaskExecutor:
    """Batches as tasks on a Dask distributed cluster: a LocalCluster of single-threaded
    worker processes (``scheduler="local"``), or a running scheduler's workers (whose machines
    have storyline and the model installed)."""

    def __init__(
        self, spec: PipelineSpec, batch_size: int, scheduler: str, workers: int | None
    ) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise StorylineError(Messages.NO_DASK, param="scheduler") from None
        self.spec = spec
        self.batch_size = batch_size
        self.cluster: Any = None
        if scheduler == LOCAL:
            import logging

            self.cluster = LocalCluster(
                n_workers=workers or os.cpu_count() or 1,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            self.client = Client(self.cluster)
        else:
            try:
                self.client = Client(scheduler, timeout=CONNECT_TIMEOUT_S)
            except (OSError, TimeoutError, ValueError) as exc:
                raise StorylineError(
                    Messages.NO_SCHEDULER.format(
                        address=scheduler, error=work.describe_exception(exc)
                    ),
                    param="scheduler",
                ) from None
        try:
            self.client.wait_for_workers(1, timeout=CONNECT_TIMEOUT_S)
        except TimeoutError:
            self.close()
            raise StorylineError(
                Messages.NO_WORKERS.format(address=scheduler, seconds=CONNECT_TIMEOUT_S),
                param="scheduler",
            ) from None
        threads = sum(self.client.nthreads().values())
        self.in_flight = 2 * max(threads, 1)

    def versions(self) -> dict[str, Any]:
        return _versions(self.client.submit(work.describe, self.spec, pure=False))

    def submit(self, articles: Sequence[ArticleRecord]) -> Pending:
        return self.client.submit(
            work.run_batch, list(articles), self.spec, self.batch_size, pure=False
        )

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


@executors.register("dask")
def dask(
    *,
    spec: PipelineSpec,
    batch_size: int,
    scheduler: str | None = None,
    workers: int | None = None,
    **_: Any,
) -> DaskExecutor:
    return DaskExecutor(spec, batch_size, scheduler or LOCAL, workers)
