"""The questionnaire (`fazhi-draft new`): one year's report answered section by section.

Flow: resume an unfinished run? -> reuse last year's file? -> metadata -> which sections
-> for each section its figures (relations checked as soon as both figures are known),
custom figures and points (last year's offered one by one) -> a final menu (write /
revise a section / stop) -> summary, YAML with label comments, the .docx.

Nothing typed is lost: after every answer the state is written atomically to a progress
file beside the output (`2024.fazhi-progress.yaml`). That file *is* an input YAML (render
it to see the partial draft) plus a `progress:` block the reader ignores, saying which
questions were answered (`done`), the sections chosen and what became of last year's
points (`carried`). Content is the source of truth: on resume, answered questions are
either skipped or asked again with the saved answer as the default.

Modules, in the order a run meets them: start (resume, reopen a finished file or start
afresh; Ctrl-C), flow (the run, section by section), first_questions, figures (with
relations, judged by fazhi_draft.figures.relations as `check` judges them), points, summary, edit
(one answer changed from the summary), finish; underneath, state (the answers, their YAML
and the person's comments), progress (the progress file), reuse (last year's file) and paths. The prompts themselves are records from questions.py;
this package never imports questionary.
"""

from __future__ import annotations

from fazhi_draft.questionnaire.start import offer_new, run_new

__all__ = ["offer_new", "run_new"]  # what the CLI calls; everything else from its module
