import glob
import os
import signal
import subprocess
import sys
import threading
import time
import types
from pathlib import Path

import numpy as np
import pytest

from aiguille import Parallel, cpu_count, delayed, parallel_config, register_parallel_backend
from aiguille.parallel import (
    LokyBackend,
    TerminatedWorkerError,
    ThreadingBackend,
    parallel_backend,
)
from aiguille.utils._testing import require

from ._tasks import (
    add,
    describe_array,
    die,
    fail_with_array,
    inner_backend,
    pid_and_thread,
    raise_on,
    square,
    thread_limits,
    with_sum,
)

ROOT = str(Path(__file__).resolve().parents[3])
BACKENDS = ["sequential", "threads", "processes", "threading", "loky"]


# -- results ---------------------------------------------------------------------------------
@pytest.mark.timeout(60)
@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("entry", ["argument", "parallel_config"])
def test_results_equal_sequential(backend, entry):
    tasks = [delayed(add)(i, y=i, z=1) for i in range(50)]
    expected = [add(i, y=i, z=1) for i in range(50)]
    if entry == "argument":
        result = Parallel(n_jobs=2, backend=backend)(iter(tasks))
    else:
        with parallel_config(backend=backend, n_jobs=2):
            result = Parallel()(iter(tasks))
    assert result == expected


@pytest.mark.timeout(60)
@pytest.mark.parametrize("backend", ["threads", "processes"])
def test_results_equal_joblib(backend):
    joblib = require("joblib")
    ours = Parallel(n_jobs=2, backend=backend)(delayed(square)(i) for i in range(200))
    theirs = joblib.Parallel(n_jobs=2)(joblib.delayed(square)(i) for i in range(200))
    assert ours == theirs


@pytest.mark.timeout(60)
@pytest.mark.parametrize("backend", ["sequential", "threads", "processes"])
def test_return_as_generators(backend):
    gen = Parallel(n_jobs=2, backend=backend, return_as="generator")(
        delayed(square)(i) for i in range(30)
    )
    assert isinstance(gen, types.GeneratorType)
    assert list(gen) == [i * i for i in range(30)]
    unordered = Parallel(n_jobs=2, backend=backend, return_as="generator_unordered")(
        delayed(square)(i) for i in range(30)
    )
    assert sorted(unordered) == [i * i for i in range(30)]


@pytest.mark.timeout(60)
def test_generator_closed_early_then_next_call_works():
    gen = Parallel(n_jobs=2, return_as="generator", batch_size=1)(
        delayed(square)(i) for i in range(100)
    )
    assert next(gen) == 0
    gen.close()
    assert Parallel(n_jobs=2)(delayed(square)(i) for i in range(5)) == [0, 1, 4, 9, 16]


def test_delayed_returns_a_tuple():
    f, args, kwargs = delayed(add)(1, y=2)
    assert f is add and args == (1,) and kwargs == {"y": 2}
    assert delayed(add).__name__ == "add"


def test_n_jobs_1_is_a_plain_loop_in_the_caller():
    main = threading.get_ident()
    out = Parallel(n_jobs=1, backend="processes")(delayed(pid_and_thread)(i) for i in range(3))
    assert {o for o in out} == {(os.getpid(), main)}
    with pytest.raises(KeyError) as info:
        Parallel(n_jobs=1)(delayed(raise_on)(i) for i in range(5))
    assert not getattr(info.value, "__notes__", None)  # plain traceback, nothing added


@pytest.mark.timeout(60)
def test_n_jobs_none_defers_to_parallel_config():
    main = threading.get_ident()
    out = Parallel()(delayed(pid_and_thread)(i) for i in range(4))
    assert {t for _, t in out} == {main}
    with parallel_config(backend="threads", n_jobs=2):
        out = Parallel()(delayed(pid_and_thread)(i) for i in range(8))
    assert main not in {t for _, t in out}
    with parallel_config(n_jobs=2):
        out = Parallel()(delayed(pid_and_thread)(i) for i in range(4))
    assert os.getpid() not in {p for p, _ in out}  # processes by default
    with parallel_backend("threads", n_jobs=2):
        assert isinstance(Parallel()._backend, ThreadingBackend)


def test_cpu_count_respects_affinity():
    n = cpu_count()
    assert n >= 1
    if hasattr(os, "sched_getaffinity"):
        assert n <= len(os.sched_getaffinity(0))
    assert Parallel(n_jobs=-1, backend="threads")._effective_n_jobs() == n
    assert Parallel(n_jobs=-(n + 5), backend="threads")._effective_n_jobs() == 1
    from aiguille.parallel import effective_n_jobs

    assert effective_n_jobs(-1) == n and effective_n_jobs(None) == 1
    with parallel_config(n_jobs=2):
        assert effective_n_jobs(None) == 2


@pytest.mark.timeout(60)
def test_context_manager_reuses_workers():
    with Parallel(n_jobs=2, backend="threads") as parallel:
        pool = parallel._backend._pool
        a = parallel(delayed(square)(i) for i in range(10))
        b = parallel(delayed(square)(i) for i in range(10))
        assert parallel._backend._pool is pool
    assert a == b == [i * i for i in range(10)]
    with Parallel(n_jobs=2) as parallel:
        pids1 = {p for p, _ in parallel(delayed(pid_and_thread)(i) for i in range(20))}
        pids2 = {p for p, _ in parallel(delayed(pid_and_thread)(i) for i in range(20))}
    assert pids1 & pids2
    with Parallel(n_jobs=2, backend="threads", timeout=0.2) as parallel:
        with pytest.raises(TimeoutError):
            parallel(delayed(time.sleep)(s) for s in [0.5, 0.5])
        assert parallel(delayed(square)(i) for i in range(3)) == [0, 1, 4]


def test_backend_hints():
    assert isinstance(Parallel(n_jobs=2, prefer="threads")._backend, ThreadingBackend)
    assert isinstance(Parallel(n_jobs=2)._backend, LokyBackend)
    assert isinstance(Parallel(n_jobs=2, require="sharedmem")._backend, ThreadingBackend)
    with parallel_config(backend="processes"):
        assert isinstance(Parallel(n_jobs=2, require="sharedmem")._backend, ThreadingBackend)
        assert isinstance(Parallel(n_jobs=2, prefer="threads")._backend, ThreadingBackend)
    with pytest.raises(ValueError, match="sharedmem"):
        Parallel(n_jobs=2, backend="processes", require="sharedmem")
    with pytest.raises(ValueError, match="inconsistent"):
        Parallel(prefer="processes", require="sharedmem")


def test_invalid_parameters():
    with pytest.raises(ValueError, match="'backend' parameter"):
        Parallel(backend="nope")
    with pytest.raises(ValueError, match="'backend' parameter"):
        parallel_config(backend="nope")
    with pytest.raises(ValueError, match="n_jobs"):
        Parallel(n_jobs=0)
    with pytest.raises(ValueError, match="return_as"):
        Parallel(return_as="set")
    with pytest.raises(ValueError, match="batch_size"):
        Parallel(batch_size=0)
    with pytest.raises(ValueError, match="prefer"):
        Parallel(prefer="gpu")
    with pytest.raises(ValueError, match="max_nbytes"):
        Parallel(max_nbytes="lots")


@pytest.mark.timeout(60)
def test_register_parallel_backend():
    submitted = []

    class CountingThreads(ThreadingBackend):
        def submit(self, func):
            submitted.append(len(func))
            return super().submit(func)

    register_parallel_backend("counting", CountingThreads)
    assert Parallel(n_jobs=2, backend="counting", batch_size=3)(
        delayed(square)(i) for i in range(10)
    ) == [i * i for i in range(10)]
    assert sum(submitted) == 10 and max(submitted) == 3
    with parallel_config(backend="counting", n_jobs=2):
        Parallel()(delayed(square)(i) for i in range(4))
    assert sum(submitted) == 14
    with parallel_config(backend=CountingThreads(), n_jobs=2):
        Parallel()(delayed(square)(i) for i in range(4))
    assert sum(submitted) == 18


@pytest.mark.timeout(60)
def test_auto_batching_groups_tiny_tasks():
    sizes = []

    class Recording(ThreadingBackend):
        def submit(self, func):
            sizes.append(len(func))
            return super().submit(func)

    Parallel(n_jobs=2, backend=Recording())(delayed(square)(i) for i in range(5000))
    assert sum(sizes) == 5000
    assert max(sizes) > 100 and len(sizes) < 200


# -- verbosity ----------------------------------------------------------------------------------
@pytest.mark.timeout(60)
def test_verbose_lines(capsys):
    Parallel(n_jobs=2, backend="threads", verbose=5)(delayed(square)(i) for i in range(10))
    err = capsys.readouterr().err
    assert "[Parallel(n_jobs=2)]: Using backend ThreadingBackend with 2 concurrent workers." in err
    assert "[Parallel(n_jobs=2)]: Done   10 out of   10 | elapsed:" in err
    assert err.rstrip().endswith("finished")
    Parallel(n_jobs=1, verbose=1)(delayed(square)(i) for i in range(3))
    assert "Done    3 out of    3" in capsys.readouterr().err


@pytest.mark.timeout(60)
def test_progress_bar():
    require("tqdm")
    out = Parallel(n_jobs=2, backend="threads", progress=True)(
        delayed(square)(i) for i in range(20)
    )
    assert out == [i * i for i in range(20)]


# -- errors -------------------------------------------------------------------------------------
@pytest.mark.timeout(60)
@pytest.mark.parametrize("backend", ["threads", "processes"])
@pytest.mark.parametrize("exc_type", [KeyError, ValueError, ZeroDivisionError])
def test_exception_type_and_worker_traceback(backend, exc_type):
    with pytest.raises(exc_type, match="task 3 failed") as info:
        Parallel(n_jobs=2, backend=backend)(
            delayed(raise_on)(i, exc_type=exc_type) for i in range(20)
        )
    notes = "\n".join(getattr(info.value, "__notes__", []))
    assert "raised by task 3 (raise_on)" in notes
    if backend == "processes":
        assert "raise exc_type" in str(info.value.__cause__)  # the worker's traceback text
    assert Parallel(n_jobs=2, backend=backend)(delayed(square)(i) for i in range(3)) == [0, 1, 4]


@pytest.mark.timeout(60)
def test_first_error_cancels_remaining_tasks():
    done = []

    def task(i):
        if i == 5:
            raise RuntimeError("stop")
        time.sleep(0.01)
        done.append(i)

    with pytest.raises(RuntimeError, match="stop"):
        Parallel(n_jobs=2, backend="threads", batch_size=1)(delayed(task)(i) for i in range(500))
    time.sleep(0.2)
    assert len(done) < 50


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    "how, code", [("exit", "EXIT(7)"), ("sigkill", "SIGKILL"), ("segfault", "SIGSEGV")]
)
def test_dead_worker_raises_quickly_and_next_call_works(how, code):
    start = time.time()
    with pytest.raises(TerminatedWorkerError) as info:
        Parallel(n_jobs=2, batch_size=1)(delayed(die)(i, how) for i in range(10))
    assert time.time() - start < 20
    message = str(info.value)
    assert code in message and "memory" in message
    assert "running task 2 (die);" in message  # the task of the dead worker, not task 0
    assert isinstance(info.value, RuntimeError)
    assert Parallel(n_jobs=2)(delayed(square)(i) for i in range(4)) == [0, 1, 4, 9]


@pytest.mark.timeout(60)
@pytest.mark.parametrize("backend", ["threads", "processes"])
def test_timeout(backend):
    start = time.time()
    with pytest.raises(TimeoutError, match="timed out"):
        Parallel(n_jobs=2, backend=backend, timeout=0.3)(
            delayed(time.sleep)(s) for s in [0.01, 1.5, 1.5]
        )
    assert time.time() - start < 1.4
    assert Parallel(n_jobs=2, backend=backend)(delayed(square)(i) for i in range(3)) == [0, 1, 4]


CTRL_C_SCRIPT = """
import faulthandler, signal, sys, time
import numpy as np
sys.path.insert(0, {root!r})
faulthandler.register(signal.SIGUSR1, all_threads=True)  # the test's hang diagnostic
from aiguille import Parallel, delayed

def wait(seconds, array):
    time.sleep(seconds)

big = np.ones(300_000)  # memory-mapped: a temporary folder exists during the call
print("started", flush=True)
Parallel(n_jobs=2, temp_folder={temp!r})(delayed(wait)(30, big) for _ in range(4))
"""


@pytest.mark.timeout(90)
def test_ctrl_c_leaves_no_worker(tmp_path):
    psutil = pytest.importorskip("psutil")
    script = tmp_path / "ctrl_c.py"
    temp = tmp_path / "memmapping"
    temp.mkdir()
    script.write_text(CTRL_C_SCRIPT.format(root=ROOT, temp=str(temp)))
    out_path, err_path = tmp_path / "stdout.txt", tmp_path / "stderr.txt"
    # Files, not pipes: a worker or loky's resource tracker holding an inherited pipe
    # open would otherwise make the wait below measure them rather than the child.
    with open(out_path, "w") as out, open(err_path, "w") as err:
        proc = subprocess.Popen(
            [sys.executable, str(script)],
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
    try:
        parent = psutil.Process(proc.pid)
        deadline = time.time() + 30
        while time.time() < deadline and "started" not in out_path.read_text():
            time.sleep(0.05)
        workers = []
        while time.time() < deadline:
            workers = [c for c in parent.children(recursive=True) if "python" in c.name().lower()]
            if len(workers) >= 2 and os.listdir(temp):
                break
            time.sleep(0.1)
        assert workers, err_path.read_text()
        assert os.listdir(temp), err_path.read_text()  # the call runs, memory maps in place
        time.sleep(0.5)
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            tree = [(c.pid, c.name(), c.status()) for c in parent.children(recursive=True)]
            proc.send_signal(signal.SIGUSR1)  # faulthandler: every thread's stack
            time.sleep(1.0)
            pytest.fail(
                f"no exit within 20 s of SIGINT; children {tree}; stderr:\n" + err_path.read_text()
            )
        assert proc.returncode != 0
        assert "KeyboardInterrupt" in err_path.read_text()
        deadline = time.time() + 5
        alive = workers
        while alive and time.time() < deadline:
            alive = [w for w in alive if w.is_running() and w.status() != psutil.STATUS_ZOMBIE]
            time.sleep(0.1)
        assert not alive
        assert os.listdir(temp) == []  # temporary folder removed after KeyboardInterrupt
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


# -- large arguments ----------------------------------------------------------------------------
@pytest.mark.timeout(60)
def test_large_arrays_reach_workers_as_read_only_memmaps(tmp_path):
    big = np.ones(300_000)  # 2.4 MB > 1M
    small = np.ones(10)
    out = Parallel(n_jobs=2, temp_folder=str(tmp_path))(
        delayed(describe_array)(a) for a in [big, small, big]
    )
    assert out[0][:3] == ("memmap", False, 300_000.0)
    assert out[1][:2] == ("ndarray", True)
    folder = out[0][3]
    assert folder is not None and folder.startswith(str(tmp_path))
    assert out[2][3] == folder  # one copy for the whole call
    assert not os.path.exists(folder)  # removed at the end of the call
    assert os.listdir(tmp_path) == []
    out = Parallel(n_jobs=2, max_nbytes=None)(delayed(describe_array)(big) for _ in range(2))
    assert out[0][:2] == ("ndarray", True)


@pytest.mark.timeout(60)
def test_temp_folder_removed_after_error(tmp_path):
    big = np.ones(300_000)
    with pytest.raises(ValueError, match="boom"):
        Parallel(n_jobs=2, temp_folder=str(tmp_path), batch_size=1)(
            delayed(fail_with_array)(big, i) for i in range(4)
        )
    # batches already in a worker finish first; then the folder goes (deadline, not speed)
    deadline = time.time() + 10
    while os.listdir(tmp_path) and time.time() < deadline:
        time.sleep(0.05)
    assert os.listdir(tmp_path) == []
    # and the pool still works
    assert Parallel(n_jobs=2)(delayed(square)(i) for i in range(3)) == [0, 1, 4]


@pytest.mark.timeout(60)
def test_memmap_arguments_are_passed_by_file_name(tmp_path):
    from aiguille import dump, load

    dump(np.arange(400_000.0), tmp_path / "a.pkl")
    mm = load(tmp_path / "a.pkl", mmap_mode="r")
    temp = tmp_path / "temp"
    temp.mkdir()
    out = Parallel(n_jobs=2, temp_folder=str(temp))(delayed(describe_array)(mm) for _ in range(2))
    assert out[0][0] == "memmap" and out[0][2] == float(np.arange(400_000.0).sum())
    assert out[0][3] == str(tmp_path)  # the original file, no copy


# -- nesting and thread limits ------------------------------------------------------------------
@pytest.mark.timeout(60)
def test_nested_calls_fall_back():
    out = Parallel(n_jobs=2)(delayed(inner_backend)(i) for i in range(2))
    assert out == [("ThreadingBackend", [0, 1, 4])] * 2
    out = Parallel(n_jobs=2, backend="threads")(delayed(inner_backend)(i) for i in range(2))
    assert out == [("SequentialBackend", [0, 1, 4])] * 2
    with parallel_config(backend="threads", n_jobs=2):
        out = Parallel()(delayed(inner_backend)(i) for i in range(2))
    assert out[0][0] == "SequentialBackend"


@pytest.mark.timeout(60)
def test_nested_inside_joblib_workers():
    joblib = require("joblib")
    out = joblib.Parallel(n_jobs=2)(joblib.delayed(inner_backend)(i) for i in range(2))
    assert out[0] == ("ThreadingBackend", [0, 1, 4])
    out = joblib.Parallel(n_jobs=2, backend="threading")(
        joblib.delayed(inner_backend)(i) for i in range(2)
    )
    assert out[0] == ("SequentialBackend", [0, 1, 4])


@pytest.mark.timeout(60)
def test_thread_limits_in_process_workers():
    expected = max(cpu_count() // 2, 1)
    out = Parallel(n_jobs=2)(delayed(thread_limits)(i) for i in range(2))
    for limits, omp, numba in out:
        assert omp == numba == str(expected)
        assert limits and all(n <= expected for n in limits)
    with parallel_config(inner_max_num_threads=1):
        out = Parallel(n_jobs=2)(delayed(thread_limits)(i) for i in range(2))
    assert out[0][1] == "1"


# -- dask ---------------------------------------------------------------------------------------
def test_dask_without_client_says_what_to_do():
    require("distributed")
    from aiguille.parallel import DaskBackend

    backend = DaskBackend()
    import distributed

    try:
        distributed.get_client()
        pytest.skip("a dask client is active")
    except ValueError:
        pass
    with pytest.raises(ValueError, match="Client"):
        backend.effective_n_jobs(2)


@pytest.fixture(scope="module")
def dask_client():
    require("dask")
    distributed = require("distributed")
    cluster = distributed.LocalCluster(
        n_workers=1,
        threads_per_worker=1,
        processes=False,
        host="127.0.0.1",
        protocol="tcp",
        dashboard_address=None,
    )
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


@pytest.mark.timeout(60)
def test_dask_backend(dask_client):
    big = np.ones(300_000)
    expected = [(i, 300_000.0) for i in range(10)]
    out = Parallel(backend="dask")(delayed(with_sum)(i, big) for i in range(10))
    assert out == expected
    with parallel_config(backend="dask"):
        assert Parallel()(delayed(with_sum)(i, big) for i in range(10)) == expected
    with parallel_config(backend="dask", client=dask_client, n_jobs=2):
        assert Parallel()(delayed(square)(i) for i in range(5)) == [0, 1, 4, 9, 16]
    with pytest.raises(KeyError, match="task 3 failed"):
        Parallel(backend="dask")(delayed(raise_on)(i) for i in range(6))
    assert Parallel(backend="dask")(delayed(square)(i) for i in range(3)) == [0, 1, 4]


@pytest.mark.timeout(60)
def test_dask_scatters_large_arguments_once(dask_client):
    from aiguille.parallel import DaskBackend

    scattered = []

    class Recording(DaskBackend):
        def _maybe_scatter(self, value):
            out = super()._maybe_scatter(value)
            if out is not value:
                scattered.append(out.key)
            return out

    big = np.ones(300_000)
    Parallel(backend=Recording(client=dask_client), batch_size=1)(
        delayed(with_sum)(i, big) for i in range(6)
    )
    assert len(scattered) == 6 and len(set(scattered)) == 1


# -- no joblib / sklearn inside -------------------------------------------------------------------
NO_REFERENCES = """
import sys
sys.modules["joblib"] = None
sys.modules["sklearn"] = None
sys.path.insert(0, {root!r})
import tempfile
import numpy as np
from aiguille import Memory, Parallel, delayed, dump, load
mem = Memory(tempfile.mkdtemp())
f = mem.cache(np.square)
assert (f(np.arange(3)) == f(np.arange(3))).all()
assert Parallel(n_jobs=2)(delayed(abs)(-i) for i in range(4)) == [0, 1, 2, 3]
assert Parallel(n_jobs=2, backend="threads")(delayed(abs)(-i) for i in range(4)) == [0, 1, 2, 3]
path = tempfile.mktemp()
dump({{"a": np.ones(3)}}, path)
assert load(path, mmap_mode="r")["a"].sum() == 3
print("ok")
"""


@pytest.mark.timeout(60)
def test_runs_without_joblib_and_sklearn():
    out = subprocess.run(
        [sys.executable, "-c", NO_REFERENCES.format(root=ROOT)],
        capture_output=True,
        text=True,
        timeout=50,
    )
    assert out.stdout.strip() == "ok", out.stderr


# -- overhead -----------------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.timeout(120)
@pytest.mark.parametrize("backend", ["processes", "threads"])
def test_tiny_tasks_overhead_not_worse_than_joblib(backend):
    joblib = require("joblib")
    joblib_backend = {"processes": "loky", "threads": "threading"}[backend]
    Parallel(n_jobs=2, backend=backend)(delayed(square)(i) for i in range(100))
    joblib.Parallel(n_jobs=2, backend=joblib_backend)(
        joblib.delayed(square)(i) for i in range(100)
    )
    ours, theirs = [], []
    for _ in range(5):
        start = time.perf_counter()
        Parallel(n_jobs=2, backend=backend)(delayed(square)(i) for i in range(10_000))
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        joblib.Parallel(n_jobs=2, backend=joblib_backend)(
            joblib.delayed(square)(i) for i in range(10_000)
        )
        theirs.append(time.perf_counter() - start)
    # Best of 5 and a margin against noisy (shared) machines; the benchmark measures medians.
    assert min(ours) <= 1.5 * min(theirs) + 0.05


def test_no_memmapping_folders_left_behind():
    leftovers = glob.glob(os.path.join("/dev/shm", f"aiguille_memmapping_{os.getpid()}_*"))
    assert leftovers == []


@pytest.mark.slow
@pytest.mark.timeout(90)
@pytest.mark.filterwarnings("ignore:Port .* is already in use")
def test_dask_backend_on_worker_processes():
    require("dask")
    distributed = require("distributed")
    with (
        distributed.LocalCluster(
            n_workers=1,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        big = np.ones(300_000)
        with parallel_config(backend="dask", client=client):
            out = Parallel()(delayed(with_sum)(i, big) for i in range(8))
        assert out == [(i, 300_000.0) for i in range(8)]
        with pytest.raises(ZeroDivisionError):
            Parallel(backend="dask")(
                delayed(raise_on)(i, exc_type=ZeroDivisionError) for i in range(5)
            )
