"""Question-and-answer interviews (``nlp/interviews.py``): an interview answers with the markers it
was found with."""

import json
from importlib import resources

from newsgraph.nlp import coref
from newsgraph.nlp.interviews import INTERVIEW_MARKERS, Interview, InterviewMarkers
from newsgraph.pipeline import load_pipeline

INTERVIEW = (
    "Former first lady Laura Bush wrote the introduction for a new book. She sat down this week "
    "to discuss the war.\n\n"
    "Q: Last October, the president changed course. You thank him for that.\n\n"
    "A: Yes, I think that's really important for the country.\n\n"
    "Q: What would have happened?\n\n"
    "A: We stayed in Japan for years.\n"
)


def markers_without_we() -> InterviewMarkers:
    """The shipped markers with "we" no longer an answer's word for the interviewee."""
    shipped = (resources.files("newsgraph.nlp") / "data" / INTERVIEW_MARKERS).read_text(encoding="utf-8")
    data = json.loads(shipped)
    data["answer_words"].remove("we")
    return InterviewMarkers.load(json.dumps(data))


def test_an_interview_answers_with_the_markers_it_was_found_with():
    doc = load_pipeline()(INTERVIEW)
    mentions = coref.Mentions(doc, doc._.entities)
    we = next(t for t in doc if t.text == "We")
    found_with_shipped = Interview.find(mentions)
    found_with_edited = Interview.find(mentions, markers_without_we())
    assert found_with_shipped is not None and found_with_edited is not None
    assert mentions.entities[found_with_shipped.interviewee]["name"] == "Laura Bush"
    assert found_with_shipped.speaker(we) == found_with_shipped.interviewee
    # Before, ``speaker`` read the shipped markers whatever ``find`` had been given.
    assert found_with_edited.speaker(we) is None
