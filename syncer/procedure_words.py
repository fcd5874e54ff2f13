"""The names of a part that shows how to bring the failure about again ("Steps to reproduce",
"Pasos para reproducir", "再現手順", "复现步骤"): a procedure for the reader, its steps written as
instructions ("Create a boat", "Crear un bote"), not the team's follow-up work. syncer.section_names
scores these roots as parts of the incident's story, in English and in other languages.
"""

from __future__ import annotations

# Latin-script roots (accents dropped), on the scale of syncer.section_names.
REPRODUCE_STEMS: dict[str, float] = {
    "reproduc": -1.0, "reproduz": -1.0, "reprodui": -1.0, "riprodu": -1.0, "nachstell": -1.0,
}  # fmt: skip
# The same in scripts without Latin letters, found as written.
REPRODUCE_PHRASES: dict[str, float] = {"再現": -1.0, "复现": -1.0, "重现": -1.0, "재현": -1.0, "воспроизв": -1.0}
