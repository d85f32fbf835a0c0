"""Exceptions raised by :class:`Parallel`."""


class TerminatedWorkerError(RuntimeError):
    """A worker process died (crash, ``os._exit``, a signal such as SIGKILL) during a call.

    The message names the task(s) that were running, the exit code or signal, and what
    usually causes it (a segmentation fault in compiled code or the out-of-memory killer).
    """
