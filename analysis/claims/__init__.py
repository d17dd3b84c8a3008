"""Find the article's claims: direct quotes and reported speech, with their speakers.

Reading order, one paragraph at a time (the headline first, as paragraph -1):

1. Quote spans. Every quote mark is judged by what stands either side of it, not by its
   glyph, because these pages open quotes with ’ as often as with ‘ and mix ' with ‘…’.
   A mark between letters is an apostrophe (it's, King’s); "GPs' " is an apostrophe unless
   it is the only way to close an open quote. Unclosed quotes run to the end of the
   paragraph, and a paragraph that opens with a quote mark after one that did not close
   continues it. A closing mark with no opener closes a quote that starts after the last
   colon ("He said: I think ... problems.’") or at the paragraph start.
2. Sentences, by pysbd, over the paragraph with quoted text masked so a quote of several
   sentences stays whole.
3. Attribution. A reporting verb (claims.toml) with a subject next to it: a name, "he"/"she",
   or a role ("the peer"). What the verb governs is the claim: only quotes, a direct claim;
   words of the reporter around them, a reported claim (scare quotes such as 'penance' stay
   inside it). A quote standing alone takes the speaker of the paragraph, or of the quote it
   continues, or the person last speaking.

   Two clauses joined by ", but" / ", while" / ";" that each have their own reporting verb
   give two claims. "According to X, ..." attributes to X (not when X is figures or a
   report). A subject naming a group or body rather than a person ("doctors' leaders said",
   "a spokesperson for the trust said", "the council said") gives a claim with a null
   speaker: a claim's speaker is a person, and a group phrase would crowd the speaker lists.
   Organisations named "Institute for ...", "Royal College of ..." are such groups too.
   "X said A, and insisted B" gives two claims of X. A headline "Schools minister: '...'"
   gives the quote to the person the body names with that role, else reads it as any quote
   (never the role text as a speaker).
4. Claim text is always one span of the paragraph: two quotes stay two claims, a reported
   claim runs from its first word to its last (an attribution in the middle stays in), and
   leading connectives ("However, ...") are trimmed.
5. "he"/"she" mean the person last named as a subject; a name after a verb or preposition
   ("wrote to Whitford", "told the Courier") is an object and does not take them over.
6. Page styles: a paragraph opening "Q:" is the interviewer's and gives no claim; one opening
   "A:" is a direct claim of the interviewee. Picture captions give no claims and no people.
   A lead-in ending in a colon ("she said:") gives its speaker to the quote that follows.

Names are resolved by analysis.speakers. Nothing here raises on odd text: unbalanced quotes,
quotes without a speaker or no quotes give fewer claims or a null speaker.

The package: `quotes` (quote marks and spans), `parts` (paragraphs, sentences, drafts and the
reader's state), `subjects` (who is said to speak), `regions` (what they are said to have
said), `reader` (the reading order above).
"""

from analysis.claims.parts import segmenter
from analysis.claims.quotes import DOUBLE_MARKS, SINGLE_MARKS, QuoteSpan, find_quotes
from analysis.claims.reader import extract, main_speaker

__all__ = [
    "DOUBLE_MARKS",
    "SINGLE_MARKS",
    "QuoteSpan",
    "extract",
    "find_quotes",
    "main_speaker",
    "segmenter",
]
