"""Indices into the model vector that population.MinutiaeModel.vector() builds for the kernels."""

from __future__ import annotations

M_DENSITY, M_COUNT_SD, M_GAP, M_ENDING, M_DIR_SD = 0, 1, 2, 3, 4
M_DETECT, M_DETECT_DRY, M_EDGE, M_WINDOW, M_SPURIOUS = 5, 6, 7, 8, 9
M_POS_SD, M_ANGLE_SD, M_FLIP, M_B2E, M_Q_MEAN, M_Q_SD = 10, 11, 12, 13, 14, 15
M_REVERSE = 16  # probability that a minutia points against the flow angle's [0, π) representative
M_CLASS_DENSITY = 17  # five entries: density factor of arch, tented arch, left loop, right loop, whorl
M_E2B, M_WINDOW_RAMP, M_SPUR_END, M_PAIR_GAP, M_EDGE_OFFSET = 22, 23, 24, 25, 26
M_HIDDEN, M_SYS_POS_SD, M_SYS_ANGLE_SD, M_PERSISTENT = 27, 28, 29, 30
MODEL_SIZE = 31
