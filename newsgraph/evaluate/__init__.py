"""Evaluation against annotated corpora (PolNeAR attribution, the labelled speaker set)."""
