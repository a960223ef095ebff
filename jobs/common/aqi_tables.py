"""Breakpoint tables of both AQI standards: the one source both the pure-Python engines
(aqi_us, aqi_vn) and the Spark column builders (jobs/gold/aqi_columns.py) read.

US: EPA Technical Assistance Document EPA-454/B-24-002 (May 2024), Table 6, with the 2024 PM2.5
breakpoints; the 301-400 and 401-500 rows are merged into one 301-500 row as in that table.
Rows are (C_lo, C_hi, I_lo, I_hi) in the unit the metric names; concentrations are truncated
to the metric's decimals before lookup, so no value falls between C_hi and the next C_lo.

VN: Decision 1459/QĐ-TCMT (2019), Table of BP_i, all in µg/m³; a continuous polyline
(BP_i, I_i), no truncation.
"""
from __future__ import annotations

# Order of precedence for the dominant pollutant when two sub-indices tie.
AQI_POLLUTANTS: tuple[str, ...] = ("pm25", "pm10", "o3", "no2", "so2", "co")

# Open-Meteo column (bronze/silver) of each AQI pollutant code.
API_VARIABLE: dict[str, str] = {
    "pm25": "pm2_5",
    "pm10": "pm10",
    "o3": "ozone",
    "no2": "nitrogen_dioxide",
    "so2": "sulphur_dioxide",
    "co": "carbon_monoxide",
}

# g/mol, for µg/m³ -> ppb at 25 °C and 1 atm (molar volume 24.45 L).
MOLAR_VOLUME_L = 24.45
MOLAR_MASS: dict[str, float] = {"o3": 48.00, "no2": 46.01, "so2": 64.07, "co": 28.01}

US_BREAKPOINTS: dict[str, list[tuple[float, float, int, int]]] = {
    "pm25_24h": [  # µg/m³
        (0.0, 9.0, 0, 50), (9.1, 35.4, 51, 100), (35.5, 55.4, 101, 150),
        (55.5, 125.4, 151, 200), (125.5, 225.4, 201, 300), (225.5, 325.4, 301, 500),
    ],
    "pm10_24h": [  # µg/m³
        (0, 54, 0, 50), (55, 154, 51, 100), (155, 254, 101, 150),
        (255, 354, 151, 200), (355, 424, 201, 300), (425, 604, 301, 500),
    ],
    "o3_8h": [  # ppm; undefined above 0.200 (the 1-hour table governs there)
        (0.000, 0.054, 0, 50), (0.055, 0.070, 51, 100), (0.071, 0.085, 101, 150),
        (0.086, 0.105, 151, 200), (0.106, 0.200, 201, 300),
    ],
    "o3_1h": [  # ppm; undefined below 0.125
        (0.125, 0.164, 101, 150), (0.165, 0.204, 151, 200), (0.205, 0.404, 201, 300), (0.405, 0.604, 301, 500),
    ],
    "co_8h": [  # ppm
        (0.0, 4.4, 0, 50), (4.5, 9.4, 51, 100), (9.5, 12.4, 101, 150),
        (12.5, 15.4, 151, 200), (15.5, 30.4, 201, 300), (30.5, 50.4, 301, 500),
    ],
    "so2_1h": [  # ppb; above 304 the 24-hour table governs
        (0, 35, 0, 50), (36, 75, 51, 100), (76, 185, 101, 150), (186, 304, 151, 200),
    ],
    "so2_24h": [  # ppb; only defines AQI 201-500
        (305, 604, 201, 300), (605, 1004, 301, 500),
    ],
    "no2_1h": [  # ppb
        (0, 53, 0, 50), (54, 100, 51, 100), (101, 360, 101, 150),
        (361, 649, 151, 200), (650, 1249, 201, 300), (1250, 2049, 301, 500),
    ],
}

# Decimals kept by the EPA truncation rule, per metric.
US_TRUNCATION_DECIMALS: dict[str, int] = {
    "pm25_24h": 1, "pm10_24h": 0, "o3_8h": 3, "o3_1h": 3, "co_8h": 1, "so2_1h": 0, "so2_24h": 0, "no2_1h": 0,
}

# Metrics whose table starts above zero: a concentration below the first C_lo has no sub-index.
US_FLOORED_METRICS = frozenset({"o3_1h", "so2_24h"})
# Metrics whose table stops below AQI 500: a concentration above the last C_hi has no sub-index.
US_CAPPED_METRICS = frozenset({"o3_8h", "so2_1h"})

VN_INDEX_LEVELS: tuple[int, ...] = (0, 50, 100, 150, 200, 300, 400, 500)
VN_BREAKPOINTS: dict[str, tuple[float, ...]] = {  # µg/m³, aligned with VN_INDEX_LEVELS
    "o3_1h": (0, 160, 200, 300, 400, 800, 1000, 1200),
    "o3_8h": (0, 100, 120, 170, 210, 400),  # undefined above 400: the 1-hour value governs
    "co_1h": (0, 10000, 30000, 45000, 60000, 90000, 120000, 150000),
    "so2_1h": (0, 125, 350, 550, 800, 1600, 2100, 2630),
    "no2_1h": (0, 100, 200, 700, 1200, 2350, 3100, 3850),
    "pm10": (0, 50, 150, 250, 350, 420, 500, 600),
    "pm25": (0, 25, 50, 80, 150, 250, 350, 500),
}
VN_CAPPED_METRICS = frozenset({"o3_8h"})

AQI_MAX = 500

# (name, lowest AQI of the category), shared by both standards' six-level scales.
AQI_CATEGORIES: tuple[tuple[str, int], ...] = (
    ("good", 0), ("moderate", 51), ("usg", 101), ("unhealthy", 151), ("very_unhealthy", 201), ("hazardous", 301),
)
