"""Judge each comment's mood: a learned model over VADER's reading, the cue rules and words.

- `judge(text, reading, echoes=…)`: the mood of one comment (`analysis.mood.learned`), with
  reasons exactly when its label differs from VADER's;
- `EchoIndex`: what a comment repeats of its article (the echo rule's input);
- `analysis.mood.features`: what the model reads; `analysis.mood.rules`: the cue rules, in one
  registry (`rules.RULES`), whose effects are features, over a comment as `reading` reads it
  and the cues `cues` compiles from the rules files; `analysis.mood.train`: `make train`.

The model and its data are described in docs/model_card.md.
"""

from analysis.mood.cues import DEFAULT_SETTINGS, MoodSettings
from analysis.mood.learned import digest, judge
from analysis.mood.reading import EchoIndex

__all__ = ["DEFAULT_SETTINGS", "EchoIndex", "MoodSettings", "digest", "judge"]
