"""Keep numeric libraries single-threaded while FFmpeg decodes.

The decoder already keeps the cores busy with its own threads; OpenCV's and the BLAS
library's thread pools on top of it only contend (measured: hashing 0.46 ms/frame with their
default pools, 0.17 ms/frame single-threaded, on 2 cores). Both are restored afterwards.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator


@contextmanager
def single_threaded_numerics() -> Iterator[None]:
    import cv2
    before = cv2.getNumThreads()
    cv2.setNumThreads(1)
    try:
        from threadpoolctl import threadpool_limits
        limiter = threadpool_limits(limits=1, user_api="blas")
    except ImportError:                                       # pragma: no cover
        limiter = None
    try:
        yield
    finally:
        cv2.setNumThreads(before)
        if limiter is not None:
            limiter.restore_original_limits()
