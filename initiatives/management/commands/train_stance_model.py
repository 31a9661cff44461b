"""Train the learnt stance reading (initiatives/analysis/learned.py) on the development set, and write it."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from initiatives.analysis import training
from initiatives.analysis.learned import MODEL_PATH, StanceModel

from .evaluate_analysis import starter_data_index

DEV = Path("tests/data/analysis/dev")


class Command(BaseCommand):
    help = (
        "Fit the learnt stance reading on a labelled folder (the development set: never the held-out one), "
        "print its cross-validated stance scores by threshold beside the rules' own, and write the model "
        f"({MODEL_PATH.name}) with the best threshold."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", type=Path, default=DEV)
        parser.add_argument("--output", type=Path, default=MODEL_PATH)
        parser.add_argument(
            "--check", action="store_true", help="write nothing; fail if the model would change"
        )

    def handle(self, *args, directory, output, check=False, **options):
        if "heldout" in directory.parts:
            raise CommandError("the held-out set is for measuring, never for training")
        with starter_data_index() as index:
            texts = training.read_folder(directory, index)
        scores = training.cross_validate(texts)
        for threshold, s in scores.items():
            label = "rules alone" if threshold is None else f"rules + model at {threshold:.2f}"
            self.stdout.write(f"{label:24} P={s.precision:.3f} R={s.recall:.3f} F1={s.f1:.3f}")
        threshold = training.best_threshold(scores)
        chosen = scores[threshold]
        model = StanceModel(
            training.fit(texts),
            threshold,
            {
                "trained_on": directory.as_posix(),
                "texts": len(texts),
                "examples": sum(len(t.candidates) for t in texts),
                "cross_validated": {
                    "rules": [round(scores[None].precision, 3), round(scores[None].recall, 3)],
                    "rules_and_model": [round(chosen.precision, 3), round(chosen.recall, 3)],
                },
            },
        )
        written = json.dumps(model.to_json(), indent=1, sort_keys=True) + "\n"
        if check:
            if not output.exists() or output.read_text() != written:
                raise CommandError(f"{output} is not what the labelled texts train: run train_stance_model")
            self.stdout.write(f"{output} is up to date")
            return
        output.write_text(written)
        self.stdout.write(f"threshold {threshold:.2f}; wrote {output}")
