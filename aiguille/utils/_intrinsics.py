"""LLVM intrinsics for numba kernels: cache prefetch hints, atomic loads, stores and
compare-and-swap, and the spin-wait hint.

They use only numba's public extension API (``numba.extending.intrinsic``) and
``numba.core.cgutils`` to address an array element.
"""

import platform

from numba import types
from numba.core import cgutils
from numba.extending import intrinsic


def _element_pointer(context, builder, aryty, ary_value, idx):
    ary = context.make_array(aryty)(context, builder, ary_value)
    return cgutils.get_item_pointer(context, builder, aryty, ary, [idx], wraparound=False)


def _make_prefetch(locality, doc):
    @intrinsic
    def prefetch(typingctx, arr, idx):
        sig = types.void(arr, idx)

        def codegen(context, builder, signature, args):
            ir = cgutils.ir
            ptr = _element_pointer(context, builder, signature.args[0], args[0], args[1])
            i8p = ir.IntType(8).as_pointer()
            i32 = ir.IntType(32)
            fnty = ir.FunctionType(ir.VoidType(), [i8p, i32, i32, i32])
            fn = cgutils.get_or_insert_function(builder.module, fnty, "llvm.prefetch.p0i8")
            # (address, read, locality, data cache)
            consts = [ir.Constant(i32, 0), ir.Constant(i32, locality), ir.Constant(i32, 1)]
            builder.call(fn, [builder.bitcast(ptr, i8p), *consts])
            return context.get_dummy_value()

        return sig, codegen

    prefetch.__doc__ = doc
    return prefetch


prefetch = _make_prefetch(
    3, "Hint the CPU to load ``arr[idx]`` into every cache level; no effect on results."
)
prefetch_nta = _make_prefetch(
    0,
    "Hint the CPU to load ``arr[idx]`` for one imminent use (non-temporal: the line skips "
    "the outer caches). For data copied or read once a few rows later, it keeps more "
    "misses in flight than ``prefetch``: random rows are gathered up to 1.5x faster.",
)


@intrinsic
def atomic_load(typingctx, arr, idx):
    """``arr[idx]`` read atomically (sequentially consistent): another thread's counter."""
    sig = arr.dtype(arr, idx)

    def codegen(context, builder, signature, args):
        aryty = signature.args[0]
        ptr = _element_pointer(context, builder, aryty, args[0], args[1])
        return builder.load_atomic(ptr, "seq_cst", aryty.dtype.bitwidth // 8)

    return sig, codegen


@intrinsic
def atomic_store(typingctx, arr, idx, val):
    """``arr[idx] = val`` written atomically (sequentially consistent), after every earlier
    write of this thread is visible."""
    sig = types.void(arr, idx, val)

    def codegen(context, builder, signature, args):
        aryty = signature.args[0]
        ptr = _element_pointer(context, builder, aryty, args[0], args[1])
        v = context.cast(builder, args[2], signature.args[2], aryty.dtype)
        builder.store_atomic(v, ptr, "seq_cst", aryty.dtype.bitwidth // 8)
        return context.get_dummy_value()

    return sig, codegen


@intrinsic
def atomic_cas(typingctx, arr, idx, expected, new):
    """Set ``arr[idx] = new`` atomically if it holds ``expected`` (sequentially consistent);
    return the value it held: ``expected`` when this thread won."""
    sig = arr.dtype(arr, idx, expected, new)

    def codegen(context, builder, signature, args):
        aryty = signature.args[0]
        ptr = _element_pointer(context, builder, aryty, args[0], args[1])
        old = context.cast(builder, args[2], signature.args[2], aryty.dtype)
        new = context.cast(builder, args[3], signature.args[3], aryty.dtype)
        pair = builder.cmpxchg(ptr, old, new, "seq_cst", "seq_cst")
        return builder.extract_value(pair, 0)

    return sig, codegen


# the instruction that tells the core a thread is spinning on a flag (frees the pipeline
# for the other hyperthread, saves power): x86's pause; nothing on other machines
_SPIN_HINT = platform.machine().lower() in ("x86_64", "amd64")


@intrinsic
def spin_pause(typingctx):
    """One iteration of a spin-wait (x86: the ``pause`` instruction)."""
    sig = types.void()

    def codegen(context, builder, signature, args):
        if _SPIN_HINT:
            ir = cgutils.ir
            fnty = ir.FunctionType(ir.VoidType(), [])
            fn = cgutils.get_or_insert_function(builder.module, fnty, "llvm.x86.sse2.pause")
            builder.call(fn, [])
        return context.get_dummy_value()

    return sig, codegen
