"""Array types of the engine: numpy arrays by element type (shapes are not checked)."""

from __future__ import annotations

from typing import TypeAlias

import numpy as np
import numpy.typing as npt

IntArray: TypeAlias = npt.NDArray[np.int64]
FloatArray: TypeAlias = npt.NDArray[np.float64]
BoolArray: TypeAlias = npt.NDArray[np.bool_]
BitsArray: TypeAlias = npt.NDArray[np.uint64]

__all__ = ["BitsArray", "BoolArray", "FloatArray", "IntArray"]
