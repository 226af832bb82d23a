"""The verbs behind the command line, one module each: new, render (batch.py for several
files), pdf, check, outline, schema, annotate. cli.VERBS maps each verb to its module's
`run(args, env)`: the parsed arguments and an Environment in, an ExitStatus out."""

from __future__ import annotations

from pathlib import Path


def is_batch(inputs: tuple[Path, ...]) -> bool:
    """Several inputs, or a folder: batch.py's job (render and check). Decided here so that one
    file never imports the batch module (~5 ms of a cold start)."""
    return len(inputs) > 1 or (len(inputs) == 1 and inputs[0].is_dir())


def one_shot() -> None:
    """render/check run once and exit: Python's cyclic garbage collector only costs them time
    (~7% of a render; our data has no cycles worth collecting, peak memory is the same).
    Batches turn it back on (batch.py); the questionnaire, which runs for long, never turns it off;
    cli.main turns it back on when it returns to a caller in the same process (tests)."""
    import gc

    gc.disable()


YAML_SUFFIXES = (".yaml", ".yml")
OLD_DOCUMENTS = (".doc", ".wps", ".rtf")  # read only to say how to save them as .docx


def is_document(path: Path) -> bool:
    """A finished report to check by its prose (.docx, .txt, .html, .pdf, or an old .doc that
    gets a message), not a YAML input. Decided by the name alone; the readers module is
    imported only for a name that is not a YAML file's."""
    suffix = path.suffix.lower()
    if suffix in YAML_SUFFIXES or not suffix:
        return False
    from fazhi_draft.readers import reader_for

    return reader_for(path) is not None or suffix in OLD_DOCUMENTS
