"""Task functions for the Parallel tests, in a module that workers import quickly."""

import ctypes
import os
import signal
import threading
import time

import numpy as np

from aiguille import Parallel, delayed


def square(x):
    return x * x


def add(x, y=0, *, z=0):
    return x + y + z


def raise_on(i, bad=3, exc_type=KeyError):
    if i == bad:
        raise exc_type(f"task {i} failed")
    return i


def die(i, how):
    if i == 2:
        if how == "exit":
            os._exit(7)
        elif how == "sigkill":
            os.kill(os.getpid(), signal.SIGKILL)
        elif how == "segfault":
            ctypes.string_at(0)
    time.sleep(1.0 if i == 0 else 0.05)  # task 0 runs beside the task that dies
    return i


def describe_array(a):
    folder = os.path.dirname(a.filename) if isinstance(a, np.memmap) and a.filename else None
    return type(a).__name__, bool(a.flags.writeable), float(a.sum()), folder


def fail_with_array(a, i):
    if i == 1:
        raise ValueError("boom after receiving the array")
    return describe_array(a)


def inner_backend(_):
    p = Parallel(n_jobs=2)
    return type(p._backend).__name__, p(delayed(square)(j) for j in range(3))


def thread_limits(_):
    import numpy  # noqa: F401  (loads the BLAS library)
    from threadpoolctl import threadpool_info

    return (
        [info["num_threads"] for info in threadpool_info()],
        os.environ.get("OMP_NUM_THREADS"),
        os.environ.get("NUMBA_NUM_THREADS"),
    )


def pid_and_thread(_):
    time.sleep(0.01)
    return os.getpid(), threading.get_ident()


def with_sum(i, a):
    return i, float(a.sum())
