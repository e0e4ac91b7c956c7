"""Every tuning constant of the synthetic-print generator, in one place, each with what it controls.

Lengths are pixels at 500 ppi (19.7 px per mm); angles are radians unless the name says `_deg`.
"""

from __future__ import annotations

# --- master canvas and fingerprint area (SFinGe step 1) -------------------------------------------------
MASTER_WIDTH_PX = 352  # canvas of a master print: 17.9 mm, room for a fingertip plus displacement margin
MASTER_HEIGHT_PX = 448  # 22.8 mm
SHAPE_HALF_WIDTH_PX = (120.0, 150.0)  # left and right half-widths of the fingertip area are drawn from this
SHAPE_TOP_CAP_PX = (110.0, 150.0)  # height of the elliptical fingertip cap above the straight middle
SHAPE_BOTTOM_CAP_PX = (50.0, 90.0)  # height of the flatter cap towards the first crease
SHAPE_MIDDLE_PX = (120.0, 170.0)  # height of the straight-sided middle band

# --- singular points (SFinGe step 2) ------------------------------------------------------------------
CORE_HEIGHT_FRACTION = (0.40, 0.52)  # core's depth below the fingertip top, as a fraction of the area height
CORE_X_SD_PX = 12.0  # sideways scatter of the core around the area's centre line
LOOP_DELTA_DX_PX = (
    55.0,
    115.0,
)  # sideways core-to-delta offset of a loop (delta on the side it does not open)
LOOP_DELTA_DY_PX = (70.0, 125.0)  # downward core-to-delta offset of a loop
WHORL_CORE_GAP_PX = (12.0, 45.0)  # distance between the two cores of a whorl
WHORL_DELTA_DX_PX = (70.0, 125.0)  # sideways offset of each whorl delta from the cores' midpoint
WHORL_DELTA_DY_PX = (70.0, 125.0)  # downward offset of each whorl delta
TENTED_DELTA_DY_PX = (35.0, 70.0)  # a tented arch's delta sits this far straight below its core
TENTED_DELTA_DX_SD_PX = 5.0  # ... give or take this much sideways
THETA_INF_SD = 0.06  # scatter of the zero-pole model's orientation at infinity (overall tilt of the flow)
CORRECTION_POINTS = 8  # Vizcaya-Gerhardt correction: control points of each singular point's angle map g_k
CORRECTION_MAX = 0.30  # ... each control value moves at most this far (< π/8, so g_k stays monotone)
ARCH_AMPLITUDE = (1.1, 1.9)  # slope (tan) of a plain arch's ridges at its flanks, at the top of the arch
ARCH_FLAT_FRACTION = (0.75, 0.95)  # below this fraction of the area height an arch's ridges run flat

# --- ridge frequency (SFinGe step 3) ------------------------------------------------------------------
RIDGE_PERIOD_MEAN_PX = (8.3, 9.8)  # mean ridge-to-ridge distance of a finger (0.42-0.50 mm)
RIDGE_PERIOD_NOISE_PX = 0.45  # standard deviation of the smooth random variation of the period
RIDGE_PERIOD_SMOOTH_PX = 40.0  # correlation length of that variation
RIDGE_PERIOD_WIDER_PX = 0.9  # extra period above the northernmost core and below the southernmost delta
RIDGE_PERIOD_BAND_PX = (7.0, 12.0)  # the period map is clipped to this band (500 ppi prints)

# --- ridge pattern by iterative Gabor filtering (SFinGe step 4) ------------------------------------------
GABOR_ORIENTATIONS = 48  # orientation bins of the filter bank (3.75° apart)
GABOR_PERIODS = (6.5, 12.5, 25)  # period bins of the filter bank: first, last, count
GABOR_RADIUS_PX = 8  # kernels are (2r+1)² taps
GABOR_SIGMA_PX = 3.2  # Gaussian envelope of the kernels: about one third of a ridge period
GROWTH_GAIN = 3.0  # each filtering is amplified by this and clipped to [-1, 1], so ridges saturate and grow
GROWTH_SEEDS = (50, 90)  # random seed spots per master; more seeds, more meeting fronts, more minutiae
GROWTH_SETTLE_ITERATIONS = 4  # iterate until every pixel of the area has been covered this many times
GROWTH_MAX_ITERATIONS = 40  # hard stop

# --- master minutiae (ground truth) -------------------------------------------------------------------
MINUTIA_BORDER_PX = 14  # minutiae closer than this to the area border are not kept (ridges are cut there)
MINUTIA_TRACE_PX = 10  # a minutia's direction is measured by following its ridge this far
MINUTIA_MIN_GAP_PX = 6.0  # two minutiae closer than this are one artefact (spur, bridge, break), both dropped

# --- impressions ---------------------------------------------------------------------------------------
SENSOR_WIDTH_PX = 288  # default sensor window: 14.6 mm
SENSOR_HEIGHT_PX = 384  # 19.5 mm
ROTATION_SD_DEG = 7.0  # placement rotation of the finger on the sensor ...
ROTATION_MAX_DEG = 20.0  # ... clipped to ± this
PLACEMENT_SD_PX = 25.0  # the finger's centre lands this far (sd per axis) from the sensor centre ...
PLACEMENT_MAX_PX = 60.0  # ... clipped to ± this
DISTORTION_ROTATION_SD_DEG = 2.5  # Cappelli-Maio-Maltoni distortion: rotation of the outer region ...
DISTORTION_ROTATION_MAX_DEG = 6.0
DISTORTION_SHIFT_SD_PX = 5.0  # ... and its shift (sd per axis) ...
DISTORTION_SHIFT_MAX_PX = 12.0
CLOSE_CONTACT_AXES_PX = ((40.0, 70.0), (55.0, 95.0))  # semi-axes of the undistorted close-contact ellipse
DISTORTION_BRAKE_PX = (45.0, 90.0)  # how quickly the distortion builds up outside the close-contact region
CONTACT_SCALE = (0.78, 1.0)  # light pressure presses less of the fingertip on the sensor
PRESSURE = (-0.35, 0.35)  # ridge-width offset: negative dry / light (thin ridges), positive wet / heavy
PRESSURE_VARIATION = (0.05, 0.3)  # sd of the local ridge-width offset: skin is never pressed evenly
PRESSURE_VARIATION_PX = 25.0  # correlation length of that local variation
DRYNESS_SPOTS_PER_KPX = (0.5, 4.0)  # white gaps in ridges per 1,000 pixels of print
NOISE_SD_GRAY = (3.0, 9.0)  # sensor noise, gray levels
BLUR_SIGMA_PX = (0.6, 1.1)  # optics and skin blur
RIDGE_GRAY = (20.0, 70.0)  # gray level of ridge ink
BACKGROUND_GRAY = (225.0, 250.0)  # gray level of the empty sensor
POOR_SHARE = 0.2  # share of poor impressions (real sets have a tail of smudged, dry, partial prints)
POOR_PLACEMENT_SCALE = 1.5  # a poor impression lands this much farther off centre (sd and limit)
POOR_CONTACT_SCALE = (0.8, 0.95)  # ... touches this much less of the fingertip
POOR_DRYNESS_EXTRA = (0.05, 0.2)  # ... loses this much more of its ridges to gaps
POOR_PRESSURE_VARIATION = (0.2, 0.45)  # ... is pressed this unevenly
POOR_NOISE_SD_GRAY = (8.0, 16.0)  # ... on a noisier sensor
POOR_BLUR_SIGMA_PX = (0.9, 1.5)  # ... and blurrier
MAX_DRYNESS = 0.45  # dryness never removes more than this share of the ridge pixels
MINUTIA_VISIBLE_MARGIN_PX = 10  # a mapped minutia is ground truth only this far inside window and contact
