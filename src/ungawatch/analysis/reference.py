"""The field's reference estimates, read to measure ours against: never to fit anything.

Bailey, Strezhnev and Voeten publish dynamic ideal points per state and session (Harvard
Dataverse doi:10.7910/DVN/LEJUQZ; file `IdealpointestimatesAll_Jun2024.csv`): `ccode`
(Correlates of War), `iso3c`, `session`, `IdealPointAll` and the share of identical votes
with six states (`USAgree`...). `read_bsv` maps each row to the registry's seat holder that
session, so it lines up with `dynamic_ideal_points`; `correlate` gives the overall and
per-session Pearson r.

The file's quirks, handled in `_CCODE_SEATS`: Russia (365) carries the USSR's sessions;
Yugoslavia (345) runs to session 78, i.e. it also carries Serbia and Montenegro and Serbia;
Taiwan (713) holds China's seat to session 26; the German Federal Republic (260) is coded
DEU; and Democratic Yemen (680) is mislabelled `YAR`, the North's code.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import cast

import numpy as np
import pandas as pd

from ungawatch.analysis.scope import continuing_seat

# ccode -> ((last session, registry code), ...): the code for sessions up to each bound.
_CCODE_SEATS: dict[int, tuple[tuple[int, str], ...]] = {
    365: ((46, "SUN"), (999, "RUS")),
    345: ((54, "YUG"), (60, "SCG"), (999, "SRB")),
    713: ((26, "CHN"),),
    680: ((44, "YMD"),),
    678: ((45, "YAR"),),
}


@dataclass(frozen=True, slots=True)
class Correlation:
    """Pearson r of our estimates with the reference: pooled over every (state, session),
    and per session (its median and worst, with the worst session)."""

    pairs: int
    overall: float
    per_session: pd.Series

    @property
    def median(self) -> float:
        return float(self.per_session.median())

    @property
    def worst(self) -> float:
        return float(self.per_session.min())

    @property
    def worst_session(self) -> int:
        return int(cast(int, self.per_session.idxmin()))


def read_bsv(path: Path) -> pd.DataFrame:
    """The reference file as rows of state_code (the registry's seat holder), session and
    every column of the file; `NA` is missing (the file uses iso3c codes, so no Namibia
    trap)."""
    frame = pd.read_csv(path, keep_default_na=False, na_values=["NA"])
    keys = zip(frame["ccode"], frame["iso3c"], frame["session"], strict=True)
    frame["state_code"] = [_code(int(code), str(iso), int(session)) for code, iso, session in keys]
    return frame


def _code(ccode: int, iso3c: str, session: int) -> str:
    for last, code in _CCODE_SEATS.get(ccode, ()):
        if session <= last:
            return code
    return iso3c


def correlate(
    ours: pd.DataFrame, reference: pd.DataFrame, column: str = "ideal_point"
) -> Correlation:
    """Pearson r between `ours[column]` and the reference's `IdealPointAll`, matched on the
    seat (a state and the seats it continues) and session."""
    left = ours.assign(seat=ours["state_code"].map(continuing_seat))
    right = reference.assign(seat=reference["state_code"].map(continuing_seat))
    right = right.sort_values("NVotesAll", ascending=False).drop_duplicates(["seat", "session"])
    joined = left.merge(right[["seat", "session", "IdealPointAll"]], on=["seat", "session"])
    per_session = pd.Series(
        {
            int(cast(int, session)): float(np.corrcoef(rows[column], rows["IdealPointAll"])[0, 1])
            for session, rows in joined.groupby("session")
        },
        dtype=float,
    )
    overall = float(np.corrcoef(joined[column], joined["IdealPointAll"])[0, 1])
    return Correlation(len(joined), overall, per_session)
