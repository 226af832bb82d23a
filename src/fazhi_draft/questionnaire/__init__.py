"""The questionnaire (`fazhi-draft new`): one year's report answered section by section.

Flow: resume an unfinished run? -> reuse last year's file? -> metadata -> which sections
-> for each section its figures (relations checked as soon as both figures are known),
custom figures and points (last year's offered one by one) -> a summary and a final menu
(write / change one answer / revise a section / stop) -> YAML with label comments, the .docx.

Nothing typed is lost: after every answer the state is written atomically to a progress
file beside the output (`2024.fazhi-progress.yaml`). That file *is* an input YAML (render
it to see the partial draft) plus a `progress:` block the reader ignores, saying which
questions were answered (`done`), the sections chosen and what became of last year's
points (`carried`). Content is the source of truth: on resume, answered questions are
either skipped or asked again with the saved answer as the default.

Modules, from the top down (each imports only modules below it; no module imports one
above it, and tests/test_questionnaire_imports.py fails on any import cycle here):

    start            begin a run: resume, reopen a finished file or start afresh; reuse last
                     year's file; on Ctrl-C save and say how to carry on
    run              the order of a run: first questions, each chosen section, the final menu
    review           after the sections: the summary, the checker's findings, changing one answer
    first_questions  organ, kind, year, date; last year's opening paragraph; which sections
    section_figures  one section's figures, broken relations questioned at once, custom figures
    section_points   one section's points: last year's offered one by one, then new ones
    finish           the end: the YAML with label comments and the Word draft, written once
    flow             `Flow`, what every step shares: spec, answers, last year's file, output;
                     the plumbing of each answer (skip on resume, mark done, save progress)
    reuse            last year's file: finding it, its figures as written, its years moved on
    progress         the progress file: save, load, set aside, find
    relations        a section's broken relations worded as questions for the prompt
    state            the answers (`State`) and their input-YAML form, comments kept
    questions        question records from the spec and the one function that asks them
    paths            file names as shown: relative to the working folder, quoted

The steps (first_questions, section_figures, section_points, review) are functions
taking the `Flow`; only run.py calls them in order. The prompts themselves are records
from questions.py; nothing else here imports questionary.
"""

from __future__ import annotations

from fazhi_draft.questionnaire.start import offer_new, run_new

__all__ = ["offer_new", "run_new"]  # what the CLI calls; everything else from its module
