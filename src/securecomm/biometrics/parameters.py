"""Every tuning constant of the fingerprint engine, in one place (ANCHORS.md C9).

Distances are pixels at 500 ppi (1 px = 50.8 um; one ridge period of an adult finger is 8-12 px), angles
are radians written as degrees. The decision threshold is not here: it is a policy choice that lives in
rules/parameters/biometrics/decision_threshold.yaml; docs/biometrics.md gives its calibration.
"""

from __future__ import annotations

import math

_DEG = math.pi / 180.0

# --- images -------------------------------------------------------------------------------------------
NATIVE_PPI = 500.0  # the resolution every stage assumes, and the one assumed when a file states none
RESOLUTION_MIN_PPI = 475.0  # lowest explicit resolution accepted without resampling (5 % scale error)
RESOLUTION_MAX_PPI = 525.0  # highest explicit resolution accepted without resampling
RESOLUTION_ASPECT_TOLERANCE = 0.02  # largest relative difference between horizontal and vertical ppi
MIN_IMAGE_SIDE_PX = 64  # smaller images cannot hold a useful print (3 mm)
MAX_IMAGE_SIDE_PX = 4096  # larger images are not single-finger impressions at 500 ppi (20 cm)

# --- normalization and segmentation ---------------------------------------------------------------------
NORMALIZE_SIGMA_PX = 8.0  # Gaussian scale of the local mean / contrast removed before all analysis
NORMALIZE_CONTRAST_FLOOR = 6.0  # gray levels of local contrast below which noise is not amplified
BLOCK_PX = 8  # side of the blocks on which the foreground mask is decided and stored in templates
SEGMENT_FINE_SIGMA_PX = 1.5  # band-pass lower scale: removes pixel noise finer than ridges
SEGMENT_COARSE_SIGMA_PX = 5.0  # band-pass upper scale: removes illumination and ink level coarser than ridges
SEGMENT_ENERGY_SIGMA_PX = 6.0  # Gaussian scale over which the band-pass (ridge) energy is averaged
SEGMENT_RELATIVE_ENERGY = 0.25  # foreground: ridge energy above this share of the image's 95th percentile
SEGMENT_MIN_ENERGY = 2.0  # foreground: ridge energy of at least this many gray levels (sensor noise is below)
SEGMENT_OPEN_BLOCKS = 1  # radius (blocks) of the opening that removes specks outside the print
SEGMENT_CLOSE_BLOCKS = 2  # radius (blocks) of the closing that fills scars and creases inside it
SEGMENT_MIN_PERIODICITY = 0.2  # foreground: smoothed ridge-period autocorrelation peak at least this high
SEGMENT_PERIODICITY_SMOOTH = 1.0  # Gaussian scale (frequency windows) over which that peak is averaged

# --- orientation and frequency ---------------------------------------------------------------------------
GRADIENT_SIGMA_PX = 1.0  # Gaussian derivative scale for the pixel gradients
ORIENTATION_SIGMA_PX = 7.0  # integration scale of the structure tensor (about one ridge period)
ORIENTATION_SMOOTH_SIGMA_PX = 12.0  # second smoothing of the doubled-angle field, weighted by coherence
FREQUENCY_STEP_PX = 12  # spacing of the windows in which the ridge period is measured
FREQUENCY_WINDOW_ACROSS_PX = 32  # window length across the ridges (three to four periods)
FREQUENCY_WINDOW_ALONG_PX = 16  # window width along the ridges that the signature averages
MIN_RIDGE_PERIOD_PX = 5.0  # shortest plausible ridge period (0.25 mm)
MAX_RIDGE_PERIOD_PX = 18.0  # longest plausible ridge period (0.9 mm)
DEFAULT_RIDGE_PERIOD_PX = 9.0  # period assumed where none can be measured (a typical adult finger)
PERIOD_MIN_AUTOCORRELATION = 0.2  # normalised autocorrelation a period peak needs to count as measured
PERIOD_SMOOTH_SIGMA_PX = 24.0  # Gaussian scale of the interpolation/smoothing of the period map

# --- enhancement ---------------------------------------------------------------------------------------
GABOR_PERIOD_STEP_PX = 0.25  # period resolution of the precomputed filter taps
GABOR_SIGMA_ACROSS = 0.45  # Gaussian envelope across the ridges, in ridge periods
GABOR_SIGMA_ALONG = 0.6  # Gaussian envelope along the ridges, in ridge periods (bridges small gaps)
GABOR_MAX_RADIUS_PX = 13  # largest filter radius (the envelope is truncated beyond)

# --- binarization and thinning ---------------------------------------------------------------------------
MIN_RIDGE_AREA_PX = 30  # ridge fragments smaller than this (a dot) are removed before thinning
MIN_HOLE_AREA_PX = 30  # holes in ridges smaller than this (a pore) are filled before thinning
BINARIZE_MARGIN_PX = 6  # ridges are cut this far inside the mask edge, where the filter sees a false ridge

# --- minutiae ----------------------------------------------------------------------------------------------
DIRECTION_TRACE_PX = 10  # ridge length followed from a minutia to measure its direction
BORDER_MARGIN_PX = 13  # minutiae closer than this to the mask border are dropped (ridges end there)
SHORT_RIDGE_PX = 14  # a ridge joining two minutiae over this length or less is an artefact
SPUR_PX = 12  # an ending linked to a bifurcation within this length is a spur
BRIDGE_PX = 12  # two bifurcations linked within this length are a bridge or a hole
BREAK_DISTANCE_PX = 14  # two facing endings this close are one broken ridge
BREAK_ANGLE = 40 * _DEG  # how far from opposite two endings may point and still be a break
CLUSTER_RADIUS_PX = 8  # minutiae with CLUSTER_MIN_NEIGHBOURS others this close are noise
CLUSTER_MIN_NEIGHBOURS = 2  # neighbours within CLUSTER_RADIUS_PX that mark a minutia as noise
QUALITY_SIGMA_PX = 8.0  # scale of the coherence averaged around a minutia for its quality
QUALITY_BORDER_PX = 24  # distance from the mask border at which the border stops lowering quality
MAX_MINUTIAE = 200  # a template keeps at most this many, the best by quality (rolled prints hold 100-200)

# --- template feature maps ------------------------------------------------------------------------------
ORIENTATION_BLOCK_PX = 16  # side of the blocks of the orientation field kept in templates

# --- matcher: Minutia Cylinder-Code (Cappelli, Ferrara & Maltoni, IEEE TPAMI 32(12), 2010; their defaults) --
CYLINDER_RADIUS_PX = 70.0  # radius R of the cylinder around each minutia
CYLINDER_CELLS = 16  # N_S: cells along each side of the cylinder's square base
CYLINDER_DIRECTIONS = 6  # N_D: angular sections of the cylinder's height (60 degrees each)
CYLINDER_SIGMA_S_PX = 28.0 / 3.0  # sigma_S: spatial spread of a neighbour's contribution
CYLINDER_SIGMA_D = 2.0 * math.pi / 9.0  # sigma_D: angular spread of a neighbour's contribution (40 degrees)
CYLINDER_MU_PSI = 0.01  # mu_psi: a cell's bit is set when the contributions sum to at least this
CYLINDER_MASK_MARGIN_PX = 24.0  # cells this far beyond the foreground still count as valid (MCC's omega)
CYLINDER_MIN_VALID_CELLS = 0.75  # min_VC: share of the base's cells that must lie on the print
CYLINDER_MIN_NEIGHBOURS = 2  # min_M: neighbours a cylinder needs to carry information
CYLINDER_MIN_COMMON_CELLS = 0.6  # min_ME: share of cells valid in both cylinders for a comparison
CYLINDER_MAX_ROTATION = math.pi / 2  # delta_theta: largest direction difference of comparable minutiae

# --- matcher: global consolidation -----------------------------------------------------------------------
PAIRING_SEEDS = 5  # alignments tried: one from each of the most similar one-to-one minutia pairs
PAIRING_DISTANCE_PX = 8.0  # largest distance between paired minutiae once aligned, at the alignment centre
PAIRING_DISTORTION = 0.08  # extra distance tolerance per pixel away from the alignment centre (skin stretch)
PAIRING_ANGLE = 30 * _DEG  # largest direction difference between paired minutiae once aligned
PAIRING_REFITS = 1  # least-squares re-alignments on the pairs found, before the final pairing
OVERLAP_MIN_MINUTIAE = 12  # overlap counts below this are raised to it, so tiny overlaps prove little
FIELD_MIN_COHERENCE = 0.05  # orientation blocks less coherent than this (or off the print) are not compared
FIELD_AGREEMENT_POWER = 2.0  # weight of the orientation-field agreement against the minutia pairing

# --- ISO/IEC 19794-2 import (the record holds minutiae only) ----------------------------------------------
ISO_MASK_MARGIN_PX = 40.0  # the rebuilt foreground extends this far beyond the minutiae's convex hull
ISO_FIELD_SIGMA_PX = 24.0  # Gaussian scale over which minutia directions are averaged into orientations

# --- ten-print fusion -----------------------------------------------------------------------------------
FUSION_MIN_MINUTIAE = 8  # a finger whose template holds fewer minutiae is skipped as poor in fusion
