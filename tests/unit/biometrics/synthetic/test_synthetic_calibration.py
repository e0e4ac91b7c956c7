from __future__ import annotations

import math

import numpy as np
import pytest

from securecomm.biometrics.synthetic import MasterFingerprint, MinutiaSet, render_impression
from securecomm.biometrics.synthetic.calibration import (
    extraction_statistics,
    master_statistics,
    pair_minutiae,
)
from securecomm.biometrics.synthetic.calibration_fit import (
    _DEPTH_CENTRES,
    _fit_ramp,
    fit_model,
    population_statistics,
    refine_model,
)
from securecomm.biometrics.synthetic.population import DEFAULT_MODEL


def test_pairing_is_one_to_one_within_the_distance() -> None:
    truth = MinutiaSet.build([10, 50, 90], [10, 10, 10], [0, 0, 0], [1, 1, 2])
    found = MinutiaSet.build([12, 49, 200, 52], [11, 10, 10, 12], [0, 0, 0, 0], [1, 1, 1, 1])
    i, j = pair_minutiae(truth, found)
    assert sorted(zip(i.tolist(), j.tolist(), strict=True)) == [(0, 0), (1, 1)]
    assert pair_minutiae(truth, MinutiaSet.empty())[0].size == 0


def test_a_ramp_is_recovered_from_its_binned_curve() -> None:
    curve = [0.9 * float(np.clip((d - 6.0) / 18.0, 0, 1)) for d in _DEPTH_CENTRES]
    offset, width = _fit_ramp(curve, _DEPTH_CENTRES, 0.9)
    assert offset == pytest.approx(6.0, abs=1.0) and width == pytest.approx(18.0, abs=2.0)


def test_population_statistics_of_a_regular_grid() -> None:
    xs, ys = np.meshgrid(np.arange(0, 100, 20.0), np.arange(0, 100, 20.0))
    grid = MinutiaSet.build(xs.ravel(), ys.ravel(), np.zeros(25), [1] * 10 + [2] * 15)
    stats = population_statistics([grid, grid])
    assert stats["count_mean"] == 25 and stats["nearest_neighbour_p50_px"] == pytest.approx(20.0)
    assert stats["ending_fraction"] == pytest.approx(0.4)


@pytest.fixture(scope="module")
def samples(loop_master: MasterFingerprint, whorl_master: MasterFingerprint) -> list:
    return [
        (m, render_impression(m, seed=3, impression=k)) for m in (loop_master, whorl_master) for k in (1, 2)
    ]


def _oracle(samples: list, keep: float = 1.0, shift: float = 0.0) -> object:
    """An 'extractor' that reports the ground truth (a share `keep` of it, moved by `shift` px)."""
    truth = {impression.image.tobytes(): impression.minutiae for _, impression in samples}

    def extract(pixels: np.ndarray) -> MinutiaSet:
        m = truth[pixels.tobytes()]
        chosen = np.arange(len(m)) % round(1 / keep) == 0 if keep < 1 else np.ones(len(m), bool)
        return MinutiaSet.build(
            m.x[chosen] + shift, m.y[chosen], m.direction[chosen], m.kind[chosen], m.quality[chosen]
        )

    return extract


def test_a_perfect_extractor_measures_as_perfect(samples: list) -> None:
    stats = extraction_statistics(samples, _oracle(samples))
    assert stats.impressions == 4
    assert stats.spurious_per_kpx == 0.0
    assert stats.position_sd_px == 0.0 and stats.angle_sd_deg == pytest.approx(0.0, abs=1e-3)
    assert stats.flip_fraction == 0.0 and stats.bifurcation_as_ending == 0.0
    assert stats.extracted_per_impression == stats.truth_per_impression
    assert stats.detection_by_depth[-1] > 0.9  # deep inside, everything visible is ground truth


def test_a_lossy_shifted_extractor_measures_its_losses(samples: list) -> None:
    stats = extraction_statistics(samples, _oracle(samples, keep=0.5, shift=3.0))
    assert stats.extracted_per_impression == pytest.approx(stats.truth_per_impression / 2, abs=1.0)
    assert stats.position_sd_px == pytest.approx(1.4826 * 1.5, abs=0.5)  # x off by 3, y exact
    assert stats.detection_by_depth[-1] < 0.7


def test_fitting_reads_the_model_off_the_measurements(
    loop_master: MasterFingerprint, whorl_master: MasterFingerprint, samples: list
) -> None:
    masters = master_statistics([loop_master, whorl_master])
    assert masters.masters == 2 and 0.3 < masters.density_per_kpx < 1.0
    assert 0 < masters.ending_fraction < 1 and masters.direction_sd_deg < 30
    found = extraction_statistics(samples, _oracle(samples, shift=1.0))
    fitted = fit_model(masters, found)
    assert fitted.density_per_kpx == pytest.approx(masters.density_per_kpx, abs=1e-3)
    assert fitted.spurious_ending_fraction == pytest.approx(found.spurious_ending_fraction, abs=1e-3)
    own = {"detection_by_depth": (0.0,) * 5 + (0.5, 0.5), "spurious_per_kpx": found.spurious_per_kpx or 1.0}
    refined = refine_model(fitted, found, own)
    assert refined.detect_probability == pytest.approx(
        min(1.0, fitted.detect_probability * found.detection_deep / 0.5), abs=1e-3
    )
    assert math.isfinite(refined.spurious_per_kpx) and DEFAULT_MODEL.close_pair_px > 0
