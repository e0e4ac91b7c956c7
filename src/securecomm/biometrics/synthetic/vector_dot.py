"""A SIMD dot product of kernel rows with image rows in a fixed summation order, as a Numba intrinsic.

Why it exists: the ridge-growth pass (gabor.py) spends nearly all of a master's time in 17-tap row dot
products, one kernel per pixel. Numba leaves LLVM's SLP vectoriser off and fully unrolls short
constant-length loops before the loop vectoriser runs, so however the loop is written it compiles to
scalar code. This intrinsic emits the vector operations itself: each row's first 16 taps are one
<16 x float> multiply and add (two AVX2 instructions each), the remaining taps are summed one by one.

The summation order is fixed and uses no fast-math flags, so the result is the same on every x86-64 CPU
whatever its vector width: lane j accumulates column j over the rows in order, the 16 lanes are then
added as a pairwise tree (0..7 + 8..15, then halves again), and the tail columns' sum is added last.

No bounds are checked (it reads raw memory, like C): callers index only inside their arrays.
"""

from __future__ import annotations

from typing import Any

from llvmlite import ir  # type: ignore[import-untyped]
from numba import types
from numba.core import cgutils
from numba.extending import intrinsic

__all__ = ["LANES", "row_dot"]

LANES = 16  # taps per row handled as one vector; a row has LANES + 1 .. 2·LANES taps


def _is_float32_c_array(t: Any) -> bool:
    return isinstance(t, types.Array) and t.dtype == types.float32 and t.layout == "C"


def row_dot(width: int) -> Any:
    """The intrinsic for rows of `width` taps (LANES + 1 .. 2·LANES): inside a Numba function,
    `dot(kernel, kernel_offset, image, image_offset, image_stride, rows)` returns

        Σ_{r < rows} Σ_{c < width} kernel[kernel_offset + r·width + c]
                                   · image[image_offset + r·image_stride + c]

    over C-contiguous float32 arrays (flat element offsets), summed in the order the module docstring gives.
    """
    if not LANES < width <= 2 * LANES:
        raise ValueError(f"rows of {width} taps; the vector dot product takes {LANES + 1}-{2 * LANES}")
    return _INTRINSICS.setdefault(width, _make(width))


def _make(width: int) -> Any:
    @intrinsic
    def dot(
        typingctx: Any,
        kernel: Any,
        kernel_offset: Any,
        image: Any,
        image_offset: Any,
        image_stride: Any,
        rows: Any,
    ) -> Any:
        if not (_is_float32_c_array(kernel) and _is_float32_c_array(image)):
            return None
        if not all(isinstance(t, types.Integer) for t in (kernel_offset, image_offset, image_stride, rows)):
            return None
        return types.float32(kernel, kernel_offset, image, image_offset, image_stride, rows), _codegen(width)

    return dot


def _codegen(width: int) -> Any:
    def codegen(context: Any, builder: Any, sig: Any, args: Any) -> Any:  # pragma: no cover - compile time
        k_value, k_offset, i_value, i_offset, stride, count = args
        k_data = context.make_array(sig.args[0])(context, builder, k_value).data
        i_data = context.make_array(sig.args[2])(context, builder, i_value).data
        i64 = ir.IntType(64)
        f32 = ir.FloatType()
        vector = ir.VectorType(f32, LANES)
        k_offset, i_offset, stride, count = (
            context.cast(builder, value, sig.args[index], types.int64)
            for value, index in ((k_offset, 1), (i_offset, 3), (stride, 4), (count, 5))
        )
        with builder.goto_entry_block():  # entry-block slots, which LLVM keeps in registers
            lanes = builder.alloca(vector)
            tail = builder.alloca(f32)
        builder.store(ir.Constant(vector, [0.0] * LANES), lanes)
        builder.store(ir.Constant(f32, 0.0), tail)
        with cgutils.for_range(builder, count) as loop:
            k_row = builder.gep(
                k_data, [builder.add(k_offset, builder.mul(loop.index, ir.Constant(i64, width)))]
            )
            i_row = builder.gep(i_data, [builder.add(i_offset, builder.mul(loop.index, stride))])
            k_vec = builder.load(builder.bitcast(k_row, vector.as_pointer()), align=4)
            i_vec = builder.load(builder.bitcast(i_row, vector.as_pointer()), align=4)
            builder.store(builder.fadd(builder.load(lanes), builder.fmul(k_vec, i_vec)), lanes)
            row_tail = builder.load(tail)
            for column in range(LANES, width):
                k_tap = builder.load(builder.gep(k_row, [ir.Constant(i64, column)]))
                i_tap = builder.load(builder.gep(i_row, [ir.Constant(i64, column)]))
                row_tail = builder.fadd(row_tail, builder.fmul(k_tap, i_tap))
            builder.store(row_tail, tail)
        total = builder.load(lanes)
        size = LANES
        while size > 1:
            half = size // 2
            low = ir.Constant(ir.VectorType(ir.IntType(32), half), list(range(half)))
            high = ir.Constant(ir.VectorType(ir.IntType(32), half), list(range(half, size)))
            total = builder.fadd(
                builder.shuffle_vector(total, total, low), builder.shuffle_vector(total, total, high)
            )
            size = half
        return builder.fadd(
            builder.extract_element(total, ir.Constant(ir.IntType(32), 0)), builder.load(tail)
        )

    return codegen


_INTRINSICS: dict[int, Any] = {}
