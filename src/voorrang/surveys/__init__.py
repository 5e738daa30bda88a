"""Resident surveys: the instrument library, waves, respondents, token links, paper entry and
the analysis of the answers (scale scores, reliability, difference-in-differences)."""
